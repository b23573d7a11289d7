package dev.weft.identity.workloadapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkloadApiEndpointTest {

  @Test
  void parsesBothUnixForms() {
    assertThat(WorkloadApiEndpoint.parse("unix:///run/spire/agent.sock").socketPath())
        .isEqualTo(Path.of("/run/spire/agent.sock"));
    assertThat(WorkloadApiEndpoint.parse("unix:/run/spire/agent.sock").socketPath())
        .isEqualTo(Path.of("/run/spire/agent.sock"));
    assertThat(WorkloadApiEndpoint.parse("unix:/run/spire/agent.sock"))
        .isEqualTo(WorkloadApiEndpoint.parse("unix:///run/spire/agent.sock"))
        .hasToString("unix:///run/spire/agent.sock");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "tcp://127.0.0.1:8081|; tcp is not supported: the agent must see the caller over a unix"
            + " socket",
        "http://localhost/agent.sock|; scheme http is not supported",
        "/run/agent.sock|; write unix:///run/agent.sock",
        "agent.sock|",
        "unix:agent.sock|; the path must be absolute",
        "unix://run/agent.sock|; \"run\" is read as an authority, not a path: a path must be"
            + " absolute, as in unix:///path",
        "unix:///run/agent.sock?x=1|; no query allowed",
        "unix:///run/agent.sock#f|; no fragment allowed",
        "unix:///|; the socket path is missing",
        "unix://|; not a URI: Expected authority",
      })
  void rejectsWhatIsNotAnAbsoluteUnixPath(String address, String detail) {
    assertThatThrownBy(() -> WorkloadApiEndpoint.parse(address))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Workload API address: \""
                + address
                + "\" (expected: unix:///absolute/path/to/agent.sock"
                + (detail == null ? "" : detail)
                + ")");
  }

  @Test
  void rejectsAnEmptyAddress() {
    assertThatThrownBy(() -> WorkloadApiEndpoint.parse(" "))
        .hasMessage("Workload API address: \" \" (expected: unix:///absolute/path/to/agent.sock)");
  }

  @Test
  void rejectsAPathTooLongForAUnixSocket() {
    String path = "/tmp/" + "a".repeat(103);
    assertThatThrownBy(() -> WorkloadApiEndpoint.parse("unix://" + path))
        .hasMessage(
            "Workload API address: \"unix://"
                + path
                + "\" (expected: unix:///absolute/path/to/agent.sock; the socket path is 108 bytes,"
                + " a unix socket allows 107)");
    String longest = "/tmp/" + "a".repeat(102);
    assertThat(WorkloadApiEndpoint.parse("unix://" + longest).socketPath().toString()).hasSize(107);
  }

  @Test
  void readsTheStandardEnvironmentVariable() {
    assertThat(
            WorkloadApiEndpoint.fromEnvironment(
                Map.of("SPIFFE_ENDPOINT_SOCKET", "unix:///tmp/agent.sock")))
        .isEqualTo(WorkloadApiEndpoint.ofSocket(Path.of("/tmp/agent.sock")));
  }

  @Test
  void saysWhichVariableIsMissingOrWrong() {
    assertThatThrownBy(() -> WorkloadApiEndpoint.fromEnvironment(Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "SPIFFE_ENDPOINT_SOCKET: not set (expected: unix:///absolute/path/to/agent.sock; or"
                + " pass the address explicitly)");
    assertThatThrownBy(
            () ->
                WorkloadApiEndpoint.fromEnvironment(
                    Map.of("SPIFFE_ENDPOINT_SOCKET", "tcp://127.0.0.1:8081")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "SPIFFE_ENDPOINT_SOCKET: Workload API address: \"tcp://127.0.0.1:8081\" (expected:"
                + " unix:///absolute/path/to/agent.sock; tcp is not supported: the agent must see"
                + " the caller over a unix socket)");
  }

  @Test
  void socketPathsMustBeAbsolute() {
    assertThatThrownBy(() -> WorkloadApiEndpoint.ofSocket(Path.of("run/agent.sock")))
        .hasMessage("socketPath: run/agent.sock (expected: an absolute path)");
    assertThat(WorkloadApiEndpoint.ofSocket(Path.of("/tmp/with space.sock")))
        .hasToString("unix:///tmp/with space.sock");
  }
}
