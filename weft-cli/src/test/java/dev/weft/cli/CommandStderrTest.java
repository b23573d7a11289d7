package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.identity.tls.PeerAuthorizer;
import dev.weft.identity.tls.SpiffeTls;
import dev.weft.identity.workloadapi.SvidSource;
import dev.weft.identity.workloadapi.WorkloadApiEndpoint;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a short command prints on stderr, run as its own process with the CLI's own logging
 * configuration (the test classes, and their logback-test.xml, left off the class path): the
 * command's own error and the libraries' warnings and errors, not their routine INFO lines (such as
 * SvidSource announcing the identity it got).
 */
class CommandStderrTest {
  private LocalWorkloadApi workloads;
  private String api;

  @BeforeEach
  void start() throws Exception {
    workloads = new LocalWorkloadApi();
    api = workloads.socket();
  }

  @AfterEach
  void stop() {
    workloads.close();
  }

  @Test
  void aCommandShowsItsErrorButNotTheLibrariesInfoLines() throws Exception {
    Run call =
        weft(
            "call",
            "--socket",
            api,
            "--agent",
            "spiffe://example.org/nobody",
            "--address",
            "https://127.0.0.1:" + closedPort(),
            "--capability",
            "echo",
            "--timeout",
            "5s");

    assertThat(call.status()).isEqualTo(1);
    assertThat(call.err()).startsWith("weft call: ");
    assertThat(call.err()).doesNotContain(" INFO ").doesNotContain("Workload API");
  }

  @Test
  void warningsOfTheLibrariesStillShow() throws Exception {
    // An agent address that presents the wrong SPIFFE ID: the SPIFFE trust manager warns.
    try (SvidSource me = SvidSource.start(WorkloadApiEndpoint.parse("unix://" + api));
        SSLServerSocket impostor =
            (SSLServerSocket)
                SpiffeTls.serverContext(me, PeerAuthorizer.any())
                    .getServerSocketFactory()
                    .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual()
          .start(
              () -> {
                try (SSLSocket accepted = (SSLSocket) impostor.accept()) {
                  accepted.startHandshake();
                } catch (IOException refusedByTheCaller) {
                  // the caller refuses our identity: what the test is about
                }
              });
      Run call =
          weft(
              "call",
              "--socket",
              api,
              "--agent",
              "spiffe://example.org/nobody",
              "--address",
              "https://127.0.0.1:" + impostor.getLocalPort(),
              "--capability",
              "echo");

      assertThat(call.status()).isNotZero();
      assertThat(call.err()).contains(" WARN ").contains("rejected");
    }
  }

  @Test
  void aLongRunningComponentKeepsItsInfoLines() throws Exception {
    Path config =
        Files.writeString(
            workloads.dir().resolve("other.yaml"),
            """
        server:
          trust_domain: other.example
          bind_port: 0
          data_dir: %s
          socket_path: %s
        """
                .formatted(workloads.dir().resolve("other"), workloads.socketPath("other.sock")));
    Process run =
        weftProcess(
            ProcessBuilder.Redirect.DISCARD,
            "trust",
            "server",
            "run",
            "--config",
            config.toString());
    try (BufferedReader err =
        new BufferedReader(new InputStreamReader(run.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      do {
        line = err.readLine();
        assertThat(line)
            .as("the trust server's stderr ended before it said it was serving")
            .isNotNull();
      } while (!line.contains("trust server for other.example serving"));
      assertThat(line).contains(" INFO ");
    } finally {
      run.destroy();
      assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
  }

  private record Run(int status, String err) {}

  /** Runs {@code weft args} in a new JVM with the main class path only, to its end. */
  private static Run weft(String... args) throws Exception {
    Process p = weftProcess(ProcessBuilder.Redirect.DISCARD, args);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), err);
  }

  /** Starts {@code weft args} in a new JVM with the main class path only. */
  private static Process weftProcess(ProcessBuilder.Redirect out, String... args) throws Exception {
    String classPath =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(entry -> !entry.endsWith("test-classes"))
            .collect(Collectors.joining(File.pathSeparator));
    List<String> command =
        new ArrayList<>(
            List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow",
                "-cp",
                classPath,
                "dev.weft.cli.Main"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out);
    builder.environment().remove("WEFT_LOG_LEVEL");
    return builder.start();
  }

  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
