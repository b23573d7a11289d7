package dev.weft.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.cli.CliException;
import dev.weft.identity.spiffeid.SpiffeId;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which identity {@code weft call} uses, decided at once from what the Workload API offers. */
class CallIdentityTest {

  private static final SpiffeId USER = SpiffeId.parse("spiffe://aws.company.com/weft/user/me");
  private static final SpiffeId AGENT = SpiffeId.parse("spiffe://aws.company.com/agent/orch");

  @Test
  void theOnlyIdentityOfferedIsTaken() throws Exception {
    assertThat(CallCommand.choose(List.of(USER), null)).isEqualTo(USER);
  }

  @Test
  void severalIdentitiesWithoutAsAreAUsageErrorListingThem() {
    assertThatThrownBy(() -> CallCommand.choose(List.of(USER, AGENT), null))
        .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitStatus()).isEqualTo(2))
        .hasMessage(
            "--as: missing (expected: one of the 2 identities the Workload API offers:"
                + " spiffe://aws.company.com/agent/orch, spiffe://aws.company.com/weft/user/me)");
  }

  @Test
  void anAsThatIsNotOfferedIsAUsageError() {
    assertThatThrownBy(() -> CallCommand.choose(List.of(USER), AGENT))
        .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitStatus()).isEqualTo(2))
        .hasMessage(
            "--as: spiffe://aws.company.com/agent/orch (expected: one of the identities"
                + " the Workload API offers: spiffe://aws.company.com/weft/user/me)");
  }

  @Test
  void agentRunPrintsWhereItListensAndWhereItIsAdvertised() {
    assertThat(
            AgentCommand.serving(
                "spiffe://a/b",
                URI.create("https://127.0.0.1:8443/"),
                URI.create("https://aws-agent.example:443")))
        .isEqualTo(
            "weft: agent spiffe://a/b listening on https://127.0.0.1:8443/, advertised to"
                + " other agents as https://aws-agent.example:443");
    assertThat(
            AgentCommand.serving(
                "spiffe://a/b",
                URI.create("https://127.0.0.1:8443/"),
                URI.create("https://127.0.0.1:8443/")))
        .isEqualTo("weft: agent spiffe://a/b listening on https://127.0.0.1:8443/");
  }
}
