package dev.weft.trust.node;

import static dev.weft.trust.server.TrustPlane.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.weft.proto.trust.v1.ListAgentsRequest;
import dev.weft.proto.trust.v1.ListAgentsResponse;
import dev.weft.proto.workload.WorkloadProto.X509SVIDResponse;
import dev.weft.testing.MutableClock;
import dev.weft.trust.config.NodeAgentConfig;
import dev.weft.trust.server.TrustPlane;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An agent restart needs no new join token while its stored SVID is valid, and only then. */
class NodeAgentRestartTest {
  private final MutableClock clock = MutableClock.startingNow();
  private TrustPlane plane;

  @BeforeEach
  void start() throws Exception {
    plane = TrustPlane.startWithAgent(clock);
    plane.createWorkloadEntry("/workload");
    plane.awaitX509Svids();
  }

  @AfterEach
  void stop() {
    plane.close();
  }

  @Test
  void aRestartedAgentReusesItsStoredSvidWithoutAJoinToken() throws Exception {
    var id = plane.agent().id();
    ListAgentsResponse agentsBefore = agents();
    var storedSerial = plane.storedAgentSvid().getFirst().getSerialNumber();

    NodeAgent restarted = plane.restartAgent(b -> b.joinToken(null));

    assertThat(restarted.id()).isEqualTo(id);
    X509SVIDResponse served = plane.awaitX509Svids();
    assertThat(served.getSvids(0).getSpiffeId()).isEqualTo("spiffe://example.org/workload");
    assertThat(agents()).isEqualTo(agentsBefore); // no new attestation, same SVID
    assertThat(plane.storedAgentSvid().getFirst().getSerialNumber()).isEqualTo(storedSerial);
  }

  @Test
  void anAgentWithoutStoredSvidOrJoinTokenDoesNotStart() throws Exception {
    ListAgentsResponse agentsBefore = agents();
    NodeAgentConfig config = plane.agentConfig("fresh", null);

    assertThatThrownBy(() -> plane.startAgent(config))
        .isInstanceOf(IOException.class)
        .hasMessage(
            "agent has no valid stored SVID in "
                + config.dataDir()
                + " and no join token (generate one with: weft trust token generate)");
    assertThat(Files.exists(config.socketPath())).isFalse();
    assertThat(agents()).isEqualTo(agentsBefore);
  }

  @Test
  void anExpiredStoredSvidNeedsANewJoinToken() throws Exception {
    NodeAgentConfig config = plane.agentConfig();
    var oldId = plane.agent().id();
    var expiry = plane.storedAgentSvid().getFirst().getNotAfter().toInstant();
    plane.stopAgent();
    clock.set(expiry);

    assertThatThrownBy(() -> plane.restartAgent(b -> b.joinToken(null)))
        .isInstanceOf(IOException.class)
        .hasMessage(
            "agent has no valid stored SVID in "
                + config.dataDir()
                + " and no join token (generate one with: weft trust token generate)");
    assertThat(Files.exists(config.socketPath())).isFalse();

    plane.awaitServerSvidValid(); // the server renews its own SVID on its next tick
    String token = plane.joinToken(Duration.ofMinutes(10));
    NodeAgent again = plane.restartAgent(b -> b.joinToken(token));
    assertThat(again.id()).isNotEqualTo(oldId); // a new token, a new default agent ID
    assertThat(plane.storedAgentSvid().getFirst().getNotAfter().toInstant())
        .isAfter(clock.instant());
    assertThat(agents().getAgentsList())
        .extracting(a -> a.getSpiffeId())
        .containsExactlyInAnyOrder(oldId.toString(), again.id().toString());
    await().atMost(WAIT).until(() -> again.lastSyncRevision() >= 0);
  }

  private ListAgentsResponse agents() {
    return plane.admin().listAgents(ListAgentsRequest.getDefaultInstance());
  }
}
