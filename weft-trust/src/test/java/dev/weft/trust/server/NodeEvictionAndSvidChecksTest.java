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
import dev.weft.proto.trust.v1.AgentSvid;
import dev.weft.proto.trust.v1.AttestAgentRequest;
import dev.weft.proto.trust.v1.BanAgentRequest;
import dev.weft.proto.trust.v1.EvictAgentRequest;
import dev.weft.proto.trust.v1.GetAgentRequest;
import dev.weft.proto.trust.v1.NodeGrpc;
import dev.weft.proto.trust.v1.RenewAgentRequest;
import dev.weft.proto.trust.v1.SyncRequest;
import dev.weft.proto.trust.v1.SyncResponse;
import dev.weft.testing.Keys;
import dev.weft.testing.MutableClock;
import dev.weft.trust.ca.Csr;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.ByteArrayInputStream;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On every node-API call the server checks the agent as SPIRE does: it is attested and not banned,
 * and it presents its current (or just renewed) SVID by serial number, not past the expiry recorded
 * for it. Evicting an agent makes it attest again; banning it refuses it, and its attestation,
 * until it is evicted.
 */
class NodeEvictionAndSvidChecksTest {
  private static final SpiffeId AGENT = SpiffeId.parse("spiffe://example.org/weft/agent/probe");

  private final MutableClock clock = MutableClock.startingNow();
  private final List<ManagedChannel> channels = new ArrayList<>();
  private TrustPlane plane;

  @BeforeEach
  void start() throws Exception {
    plane = TrustPlane.startServer(clock);
  }

  @AfterEach
  void stop() throws Exception {
    for (ManagedChannel c : channels) {
      c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    plane.close();
  }

  @Test
  void aSupersededSvidIsRefusedOnceTheRenewedOneIsUsed() throws Exception {
    X509Svid first = attest();
    var withFirst = nodeClient(first);
    X509Svid second = renew(withFirst);
    assertThat(second.leaf().getSerialNumber()).isNotEqualTo(first.leaf().getSerialNumber());

    // until the renewed SVID is used, the current one still works (its connection stays open)
    assertThat(sync(withFirst).hasNext()).isTrue();
    assertThat(sync(nodeClient(second)).hasNext()).isTrue();
    assertThat(agent().getSerialNumber()).isEqualTo(second.leaf().getSerialNumber().toString(16));

    assertDenied(
        () -> sync(nodeClient(first)).next(),
        "agent "
            + AGENT
            + ": SVID serial "
            + first.leaf().getSerialNumber().toString(16)
            + " is not the agent's current SVID (expected: serial "
            + second.leaf().getSerialNumber().toString(16)
            + ")");
  }

  @Test
  void anSvidPastItsExpiryIsRefusedOnAnOpenConnection() throws Exception {
    X509Svid svid = attest();
    var node = nodeClient(svid);
    assertThat(sync(node).hasNext()).isTrue(); // the connection is up and stays up

    clock.set(svid.expiresAt());

    assertDenied(
        () -> renew(node),
        "agent "
            + AGENT
            + ": SVID serial "
            + svid.leaf().getSerialNumber().toString(16)
            + " expired at "
            + svid.expiresAt());
  }

  @Test
  void anEvictedAgentIsRefusedUntilItAttestsAgain() throws Exception {
    X509Svid svid = attest();
    var node = nodeClient(svid);
    Iterator<SyncResponse> stream = sync(node);
    assertThat(stream.hasNext()).isTrue();

    plane.admin().evictAgent(EvictAgentRequest.newBuilder().setSpiffeId(AGENT.toString()).build());

    String refusal =
        AGENT
            + " is not an attested agent (evicted or never attested; attest it with a new join token)";
    assertStreamEnds(stream, refusal);
    assertDenied(() -> renew(node), refusal);
    assertThatThrownBy(() -> agent())
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));

    X509Svid again = attest();
    assertThat(sync(nodeClient(again)).hasNext()).isTrue();
  }

  @Test
  void aBannedAgentIsRefusedAndCannotAttestUntilEvicted() throws Exception {
    X509Svid svid = attest();
    var node = nodeClient(svid);
    Iterator<SyncResponse> stream = sync(node);
    assertThat(stream.hasNext()).isTrue();

    plane.admin().banAgent(BanAgentRequest.newBuilder().setSpiffeId(AGENT.toString()).build());

    assertThat(agent().getBanned()).isTrue();
    assertStreamEnds(stream, "agent " + AGENT + " is banned");
    assertDenied(() -> renew(node), "agent " + AGENT + " is banned");
    assertDenied(this::attest, "agent " + AGENT + " is banned");

    plane.admin().evictAgent(EvictAgentRequest.newBuilder().setSpiffeId(AGENT.toString()).build());
    X509Svid again = attest();
    assertThat(agent().getBanned()).isFalse();
    assertThat(sync(nodeClient(again)).hasNext()).isTrue();
  }

  @Test
  void evictingOrBanningAnUnknownAgentIsNotFound() {
    for (Runnable call :
        List.<Runnable>of(
            () ->
                plane
                    .admin()
                    .evictAgent(
                        EvictAgentRequest.newBuilder().setSpiffeId(AGENT.toString()).build()),
            () ->
                plane
                    .admin()
                    .banAgent(
                        BanAgentRequest.newBuilder().setSpiffeId(AGENT.toString()).build()))) {
      assertThatThrownBy(call::run)
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                assertThat(e.getStatus().getDescription())
                    .isEqualTo("agent " + AGENT + ": not found");
              });
    }
  }

  private dev.weft.proto.trust.v1.Agent agent() {
    return plane
        .admin()
        .getAgent(GetAgentRequest.newBuilder().setSpiffeId(AGENT.toString()).build());
  }

  private X509Svid attest() throws Exception {
    String token =
        plane
            .admin()
            .generateJoinToken(
                dev.weft.proto.trust.v1.GenerateJoinTokenRequest.newBuilder()
                    .setSpiffeId(AGENT.toString())
                    .build())
            .getToken();
    KeyPair keys = Keys.ec256();
    AgentSvid issued =
        nodeClient(null)
            .attestAgent(
                AttestAgentRequest.newBuilder()
                    .setJoinToken(token)
                    .setCsr(ByteString.copyFrom(Csr.create(keys)))
                    .build());
    return svid(issued, keys);
  }

  private static X509Svid renew(NodeGrpc.NodeBlockingStub node) throws Exception {
    KeyPair keys = Keys.ec256();
    return svid(
        node.renewAgent(
            RenewAgentRequest.newBuilder().setCsr(ByteString.copyFrom(Csr.create(keys))).build()),
        keys);
  }

  private static X509Svid svid(AgentSvid issued, KeyPair keys) throws Exception {
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    List<X509Certificate> chain = new ArrayList<>();
    for (ByteString der : issued.getCertChainList()) {
      chain.add(
          (X509Certificate)
              factory.generateCertificate(new ByteArrayInputStream(der.toByteArray())));
    }
    return X509Svid.of(chain, keys.getPrivate(), "");
  }

  private static Iterator<SyncResponse> sync(NodeGrpc.NodeBlockingStub node) {
    return node.sync(SyncRequest.getDefaultInstance());
  }

  private static void assertStreamEnds(Iterator<SyncResponse> stream, String description) {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertDenied(
                    () -> {
                      while (true) {
                        stream.next();
                      }
                    },
                    description));
  }

  private static void assertDenied(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String description) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
              assertThat(e.getStatus().getDescription()).isEqualTo(description);
            });
  }

  /** A node API client on its own connection, presenting {@code svid} (or nothing when null). */
  private NodeGrpc.NodeBlockingStub nodeClient(X509Svid svid) throws Exception {
    X509Svid held = svid != null ? svid : attestationOnly();
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
    ManagedChannel channel =
        NettyChannelBuilder.forAddress(
                "127.0.0.1", plane.server().nodeApiAddress().getPort(), tls.build())
            .overrideAuthority("localhost")
            .build();
    channels.add(channel);
    return NodeGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  private static X509Svid attestationOnly() throws Exception {
    var unused = dev.weft.testing.CertBuilder.svid("spiffe://example.org/unused").build();
    return X509Svid.of(List.of(unused.cert()), unused.privateKey(), "");
  }
}
