package dev.weft.trust.server;

import static dev.weft.trust.server.TrustPlane.TD;
import static dev.weft.trust.server.TrustPlane.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.weft.identity.bundle.BundleSet;
import dev.weft.identity.source.IdentitySnapshot;
import dev.weft.identity.source.IdentitySource;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.svid.X509Svid;
import dev.weft.identity.tls.PeerAuthorizer;
import dev.weft.identity.tls.SpiffeTls;
import dev.weft.proto.trust.v1.AttestAgentRequest;
import dev.weft.proto.trust.v1.Entry;
import dev.weft.proto.trust.v1.ListAgentsRequest;
import dev.weft.proto.trust.v1.ListAgentsResponse;
import dev.weft.proto.trust.v1.ListEntriesRequest;
import dev.weft.proto.trust.v1.MintJwtSvidRequest;
import dev.weft.proto.trust.v1.NodeGrpc;
import dev.weft.proto.trust.v1.SignX509SvidsRequest;
import dev.weft.proto.trust.v1.SignedSvid;
import dev.weft.proto.trust.v1.SvidRequest;
import dev.weft.proto.trust.v1.SyncRequest;
import dev.weft.proto.workload.WorkloadProto.X509SVID;
import dev.weft.testing.CertBuilder;
import dev.weft.testing.MutableClock;
import dev.weft.trust.config.NodeAgentConfig;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The node API refuses agents it must refuse: reused and expired join tokens, SVIDs of another CA,
 * and SVIDs of this CA that are not an attested agent's. Nothing changes on the server.
 */
class NodeApiTest {
  private final MutableClock clock = MutableClock.startingNow();
  private TrustPlane plane;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    plane = TrustPlane.startWithAgent(clock);
  }

  @AfterEach
  void stop() throws Exception {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    plane.close();
  }

  @Test
  void anAgentsSyncStreamEndsWithIt() {
    await().atMost(WAIT).until(() -> plane.server().openSyncStreams() == 1);

    plane.stopAgent();

    await().atMost(WAIT).until(() -> plane.server().openSyncStreams() == 0);
  }

  @Test
  void aJoinTokenCannotBeUsedTwice() throws Exception {
    String token = plane.joinToken(Duration.ofMinutes(10));
    plane.startAgent(plane.agentConfig("second", token));
    ListAgentsResponse agents = agents();
    assertThat(agents.getAgentsList()).hasSize(2);

    NodeAgentConfig third = plane.agentConfig("third", token);
    assertThatThrownBy(() -> plane.startAgent(third))
        .isInstanceOf(IOException.class)
        .hasMessage(
            "attestation with the trust server at 127.0.0.1:"
                + third.serverPort()
                + " failed: PERMISSION_DENIED: join token: unknown or already used");
    assertThat(agents()).isEqualTo(agents);
    assertThat(Files.exists(third.socketPath())).isFalse();
    assertThat(Files.exists(third.dataDir().resolve("agent-credentials.pem"))).isFalse();
  }

  @Test
  void anExpiredJoinTokenIsRefused() throws Exception {
    String token = plane.joinToken(Duration.ofMinutes(5));
    Instant expiry = clock.instant().plus(Duration.ofMinutes(5));
    ListAgentsResponse agents = agents();
    clock.set(expiry);

    NodeAgentConfig late = plane.agentConfig("late", token);
    assertThatThrownBy(() -> plane.startAgent(late))
        .isInstanceOf(IOException.class)
        .hasMessage(
            "attestation with the trust server at 127.0.0.1:"
                + late.serverPort()
                + " failed: PERMISSION_DENIED: join token: expired at "
                + expiry);
    assertThat(agents()).isEqualTo(agents);
    assertThat(Files.exists(late.socketPath())).isFalse();
  }

  @Test
  void aRequestWithABadCsrDoesNotUseUpTheToken() throws Exception {
    String token = plane.joinToken(Duration.ofMinutes(10));
    ListAgentsResponse agents = agents();
    var anonymous = nodeClient(null);

    assertThatThrownBy(
            () ->
                anonymous.attestAgent(
                    AttestAgentRequest.newBuilder()
                        .setJoinToken(token)
                        .setCsr(ByteString.copyFromUtf8("not a CSR"))
                        .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription())
                  .isEqualTo("CSR: not a DER PKCS#10 request (9 bytes)");
            });
    assertThat(agents()).isEqualTo(agents);

    plane.startAgent(plane.agentConfig("second", token)); // the token still works
    assertThat(agents().getAgentsList()).hasSize(2);
  }

  @Test
  void callsOtherThanAttestationNeedAnAgentSvid() throws Exception {
    var anonymous = nodeClient(null);

    assertThatThrownBy(() -> anonymous.sync(SyncRequest.getDefaultInstance()).next())
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
              assertThat(e.getStatus().getDescription())
                  .isEqualTo("this call needs the agent's X.509-SVID (mutual TLS)");
            });
    assertThatThrownBy(() -> anonymous.attestAgent(AttestAgentRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription())
                  .isEqualTo(
                      "join_token: missing (expected: a token from weft trust token generate)");
            });
  }

  @Test
  void anAgentGetsOnlyItsOwnEntriesSigned() throws Exception {
    Entry own = plane.createWorkloadEntry("/workload");
    Entry foreign =
        plane.createEntry(
            Entry.newBuilder()
                .setSpiffeId(TD.idString() + "/elsewhere")
                .setParentId(TD.idString() + "/weft/agent/other")
                .addSelectors(TrustPlane.thisUid())
                .build());
    var agent = nodeClient(plane.storedAgentSvidWithKey());
    byte[] csr = dev.weft.trust.ca.Csr.create(dev.weft.testing.Keys.ec256());

    assertThat(
            agent
                .signX509Svids(
                    SignX509SvidsRequest.newBuilder()
                        .addRequests(
                            SvidRequest.newBuilder()
                                .setEntryId(own.getId())
                                .setCsr(ByteString.copyFrom(csr)))
                        .build())
                .getSvidsList())
        .extracting(SignedSvid::getEntryId)
        .containsExactly(own.getId());
    assertThatThrownBy(
            () ->
                agent.signX509Svids(
                    SignX509SvidsRequest.newBuilder()
                        .addRequests(
                            SvidRequest.newBuilder()
                                .setEntryId(own.getId())
                                .setCsr(ByteString.copyFrom(csr)))
                        .addRequests(
                            SvidRequest.newBuilder()
                                .setEntryId(foreign.getId())
                                .setCsr(ByteString.copyFrom(csr)))
                        .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
              assertThat(e.getStatus().getDescription())
                  .isEqualTo(
                      "entry " + foreign.getId() + ": not an entry of agent " + plane.agent().id());
            });
    assertThatThrownBy(
            () ->
                agent.mintJwtSvid(
                    MintJwtSvidRequest.newBuilder()
                        .setEntryId(own.getId())
                        .addAudience("db")
                        .addAudience(" ")
                        .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription())
                  .isEqualTo("audience: \" \" (expected: no empty value)");
            });
  }

  @Test
  void anAgentSvidOfAnotherTrustDomainsCaIsRefused() throws Exception {
    CertBuilder.Issued otherRoot = CertBuilder.selfSignedCa("other.org").build();
    CertBuilder.Issued forged =
        CertBuilder.svid("spiffe://other.org/weft/agent/x").issuer(otherRoot).build();
    ListAgentsResponse agents = agents();

    var node = nodeClient(X509Svid.of(List.of(forged.cert()), forged.privateKey(), ""));

    assertThatThrownBy(() -> node.sync(SyncRequest.getDefaultInstance()).next())
        .isInstanceOfSatisfying(StatusRuntimeException.class, NodeApiTest::assertHandshakeRefused);
    assertThat(agents()).isEqualTo(agents);
  }

  @Test
  void anAgentSvidOfThisTrustDomainSignedByAnotherCaIsRefused() throws Exception {
    CertBuilder.Issued impostorRoot = CertBuilder.selfSignedCa(TD.name()).build();
    SpiffeId agentId = plane.agent().id(); // a real agent's ID, signed by the wrong CA
    CertBuilder.Issued forged = CertBuilder.svid(agentId.toString()).issuer(impostorRoot).build();
    ListAgentsResponse agents = agents();

    var node = nodeClient(X509Svid.of(List.of(forged.cert()), forged.privateKey(), ""));

    assertThatThrownBy(() -> node.sync(SyncRequest.getDefaultInstance()).next())
        .isInstanceOfSatisfying(StatusRuntimeException.class, NodeApiTest::assertHandshakeRefused);
    assertThat(agents()).isEqualTo(agents);
  }

  @Test
  void aWorkloadSvidIsNotAnAgentSvid() throws Exception {
    plane.createWorkloadEntry("/workload");
    X509SVID served = plane.awaitX509Svids().getSvids(0);
    X509Svid workload =
        X509Svid.parseDer(
            served.getX509Svid().toByteArray(), served.getX509SvidKey().toByteArray(), "");
    var entries = plane.admin().listEntries(ListEntriesRequest.getDefaultInstance());

    var node = nodeClient(workload);

    assertThatThrownBy(() -> node.sync(SyncRequest.getDefaultInstance()).next())
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
              assertThat(e.getStatus().getDescription())
                  .isEqualTo(
                      "spiffe://example.org/workload is not an attested agent (evicted or never attested;"
                          + " attest it with a new join token)");
            });
    assertThat(plane.admin().listEntries(ListEntriesRequest.getDefaultInstance()))
        .isEqualTo(entries);
  }

  /** The server's trust manager refused the client certificate: the TLS handshake failed. */
  private static void assertHandshakeRefused(StatusRuntimeException e) {
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(e.getStatus().getDescription()).isEqualTo("ssl exception");
  }

  /**
   * A node API client that authenticates the real server and presents {@code svid}, or no
   * certificate when it is null.
   */
  private NodeGrpc.NodeBlockingStub nodeClient(X509Svid svid) throws Exception {
    CertBuilder.Issued unused = CertBuilder.svid("spiffe://example.org/unused").build();
    X509Svid held =
        svid != null ? svid : X509Svid.of(List.of(unused.cert()), unused.privateKey(), "");
    IdentitySnapshot snapshot = new IdentitySnapshot(held, BundleSet.of(plane.bundle()));
    IdentitySource source = () -> snapshot;
    var tls =
        io.grpc.TlsChannelCredentials.newBuilder()
            .trustManager(
                SpiffeTls.trustManager(
                    source, PeerAuthorizer.exactly(SpiffeId.of(TD, "weft", "server")), clock));
    if (svid != null) {
      tls.keyManager(SpiffeTls.keyManager(source));
    }
    channel =
        NettyChannelBuilder.forAddress(
                "127.0.0.1", plane.server().nodeApiAddress().getPort(), tls.build())
            .overrideAuthority("localhost")
            .build();
    return NodeGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  private ListAgentsResponse agents() {
    return plane.admin().listAgents(ListAgentsRequest.getDefaultInstance());
  }
}
