package dev.weft.trust.workload;

import static dev.weft.trust.workload.TestPki.OTHER;
import static dev.weft.trust.workload.TestPki.OWN;
import static dev.weft.trust.workload.TestPki.PARTNER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Value;
import dev.weft.identity.bundle.SpiffeBundleFormat;
import dev.weft.identity.pem.Pem;
import dev.weft.identity.svid.JwtSvidVerifier;
import dev.weft.identity.svid.SvidException;
import dev.weft.identity.svid.X509Svid;
import dev.weft.proto.workload.SpiffeWorkloadAPIGrpc;
import dev.weft.proto.workload.WorkloadProto.JWTBundlesRequest;
import dev.weft.proto.workload.WorkloadProto.JWTBundlesResponse;
import dev.weft.proto.workload.WorkloadProto.JWTSVIDRequest;
import dev.weft.proto.workload.WorkloadProto.JWTSVIDResponse;
import dev.weft.proto.workload.WorkloadProto.ValidateJWTSVIDRequest;
import dev.weft.proto.workload.WorkloadProto.ValidateJWTSVIDResponse;
import dev.weft.proto.workload.WorkloadProto.X509BundlesRequest;
import dev.weft.proto.workload.WorkloadProto.X509BundlesResponse;
import dev.weft.proto.workload.WorkloadProto.X509SVID;
import dev.weft.proto.workload.WorkloadProto.X509SVIDRequest;
import dev.weft.proto.workload.WorkloadProto.X509SVIDResponse;
import dev.weft.testing.CertBuilder;
import dev.weft.testing.MutableClock;
import dev.weft.testing.TempSockets;
import dev.weft.trust.uds.UnixSocketChannels;
import dev.weft.trust.workload.WorkloadIdentities.Snapshot;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WorkloadApiServerTest {
  private final TestPki pki = new TestPki();
  private final TempSockets sockets = new TempSockets();
  private final MutableClock clock = MutableClock.startingNow();
  private final X509Svid svid = pki.svid("/workload");
  private FakeIdentities identities;
  private WorkloadApiServer server;
  private ManagedChannel channel;
  private SpiffeWorkloadAPIGrpc.SpiffeWorkloadAPIBlockingStub stub;
  private SpiffeWorkloadAPIGrpc.SpiffeWorkloadAPIStub asyncStub;

  @BeforeEach
  void start() throws Exception {
    identities = new FakeIdentities(OWN, pki.jwtKey, TestPki.KID, clock, snapshot(svid));
    server = WorkloadApiServer.start(sockets.socket("agent.sock"), identities, clock);
    channel = UnixSocketChannels.open(server.socket());
    Metadata header = new Metadata();
    header.put(SecurityHeaderInterceptor.HEADER, "true");
    stub =
        SpiffeWorkloadAPIGrpc.newBlockingStub(channel)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(header));
    asyncStub =
        SpiffeWorkloadAPIGrpc.newStub(channel)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(header));
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.close();
    sockets.close();
  }

  /** The caller's entry (federates with partner.org) and another workload's (with other.org). */
  private Snapshot snapshot(X509Svid callerSvid) {
    return new Snapshot(
        List.of(
            TestPki.identity(
                "e1", callerSvid, Set.of(TestPki.thisUid()), Set.of(PARTNER), "primary"),
            TestPki.identity(
                "e2", pki.svid("/someone-else"), Set.of(TestPki.anotherUid()), Set.of(OTHER), "")),
        pki.allBundles());
  }

  @Test
  void socketIsOpenToEveryLocalUser() throws Exception {
    assertThat(Files.getPosixFilePermissions(server.socket()))
        .isEqualTo(PosixFilePermissions.fromString("rw-rw-rw-"));
  }

  @Test
  void fetchX509SvidSendsTheCallersSvidOwnBundleAndOnlyItsFederatedBundles() throws Exception {
    X509SVIDResponse response = stub.fetchX509SVID(X509SVIDRequest.getDefaultInstance()).next();

    assertThat(response.getSvidsList()).hasSize(1);
    X509SVID first = response.getSvids(0);
    assertThat(first.getSpiffeId()).isEqualTo("spiffe://example.org/workload");
    assertThat(first.getX509Svid().toByteArray()).isEqualTo(Pem.concatDer(svid.chain()));
    assertThat(first.getX509SvidKey().toByteArray()).isEqualTo(svid.privateKey().getEncoded());
    assertThat(first.getBundle().toByteArray()).isEqualTo(pki.root.cert().getEncoded());
    assertThat(first.getHint()).isEqualTo("primary");
    assertThat(response.getFederatedBundlesMap()).containsOnlyKeys("spiffe://partner.org");
    assertThat(response.getFederatedBundlesOrThrow("spiffe://partner.org").toByteArray())
        .isEqualTo(pki.partnerRoot.cert().getEncoded());
  }

  @Test
  void bundleStreamsSendOwnAndFederatedBundlesOnly() throws Exception {
    X509BundlesResponse x509 =
        stub.fetchX509Bundles(X509BundlesRequest.getDefaultInstance()).next();
    assertThat(x509.getBundlesMap())
        .containsOnlyKeys("spiffe://example.org", "spiffe://partner.org");
    assertThat(x509.getBundlesOrThrow("spiffe://example.org").toByteArray())
        .isEqualTo(pki.root.cert().getEncoded());

    JWTBundlesResponse jwt = stub.fetchJWTBundles(JWTBundlesRequest.getDefaultInstance()).next();
    assertThat(jwt.getBundlesMap())
        .containsOnlyKeys("spiffe://example.org", "spiffe://partner.org");
    assertThat(
            SpiffeBundleFormat.parseJwks(
                OWN, jwt.getBundlesOrThrow("spiffe://example.org").toByteArray()))
        .isEqualTo(pki.ownBundle().withX509Authorities(List.of()));
    assertThat(
            SpiffeBundleFormat.parseJwks(
                    PARTNER, jwt.getBundlesOrThrow("spiffe://partner.org").toByteArray())
                .jwtAuthorities())
        .containsOnlyKeys("partner-key");
  }

  @Test
  void aRotationIsSentOnceAndAnIrrelevantChangeNotAtAll() throws Exception {
    StreamCollector<X509SVIDRequest, X509SVIDResponse> stream = new StreamCollector<>();
    asyncStub.fetchX509SVID(X509SVIDRequest.getDefaultInstance(), stream);
    assertThat(stream.next().getSvids(0).getX509Svid().toByteArray())
        .isEqualTo(Pem.concatDer(svid.chain()));

    // A change the caller cannot see: other.org's bundle rotates.
    Snapshot current = identities.snapshot();
    identities.set(
        new Snapshot(
            current.identities(), current.bundles().with(pki.otherBundle().withSequence(2))));
    // A change it sees: its SVID rotates.
    X509Svid rotated = pki.svid("/workload");
    identities.set(snapshot(rotated));

    assertThat(stream.next().getSvids(0).getX509Svid().toByteArray())
        .isEqualTo(Pem.concatDer(rotated.chain()));
    identities.set(snapshot(rotated)); // same content again: nothing to send
    var newPartnerRoot = CertBuilder.selfSignedCa(PARTNER.name()).build();
    identities.set(
        new Snapshot(
            identities.snapshot().identities(),
            identities
                .snapshot()
                .bundles()
                .with(pki.partnerBundle().withX509Authorities(List.of(newPartnerRoot.cert())))));
    X509SVIDResponse afterPartnerChange = stream.next(); // partner.org's bundle is visible
    assertThat(afterPartnerChange.getSvids(0).getX509Svid().toByteArray())
        .isEqualTo(Pem.concatDer(rotated.chain()));
    assertThat(afterPartnerChange.getFederatedBundlesOrThrow("spiffe://partner.org").toByteArray())
        .isEqualTo(newPartnerRoot.cert().getEncoded());
    assertThat(stream.pending()).isZero();
    stream.cancel();
  }

  @Test
  void aCallerThatLosesItsIdentityIsDeniedAndItsStreamEnds() throws Exception {
    StreamCollector<X509SVIDRequest, X509SVIDResponse> stream = new StreamCollector<>();
    asyncStub.fetchX509SVID(X509SVIDRequest.getDefaultInstance(), stream);
    stream.next();

    identities.set(
        new Snapshot(List.of(identities.snapshot().identities().get(1)), pki.allBundles()));

    Status end = stream.end();
    assertThat(end.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(end.getDescription()).isEqualTo("no identity issued");
    await().atMost(Duration.ofSeconds(10)).until(() -> identities.listenerCount() == 0);
    assertThat(server.openStreams()).isZero();
  }

  @Test
  void cancelledStreamsUnsubscribe() throws Exception {
    StreamCollector<X509SVIDRequest, X509SVIDResponse> svids = new StreamCollector<>();
    StreamCollector<X509BundlesRequest, X509BundlesResponse> x509 = new StreamCollector<>();
    StreamCollector<JWTBundlesRequest, JWTBundlesResponse> jwt = new StreamCollector<>();
    asyncStub.fetchX509SVID(X509SVIDRequest.getDefaultInstance(), svids);
    asyncStub.fetchX509Bundles(X509BundlesRequest.getDefaultInstance(), x509);
    asyncStub.fetchJWTBundles(JWTBundlesRequest.getDefaultInstance(), jwt);
    svids.next();
    x509.next();
    jwt.next();
    assertThat(identities.listenerCount()).isEqualTo(3);
    assertThat(server.openStreams()).isEqualTo(3);

    svids.cancel();
    x509.cancel();
    jwt.cancel();

    await().atMost(Duration.ofSeconds(10)).until(() -> identities.listenerCount() == 0);
    assertThat(server.openStreams()).isZero();
  }

  @Test
  void closingTheServerUnsubscribesOpenStreams() throws Exception {
    StreamCollector<X509SVIDRequest, X509SVIDResponse> stream = new StreamCollector<>();
    asyncStub.fetchX509SVID(X509SVIDRequest.getDefaultInstance(), stream);
    stream.next();
    server.close();
    assertThat(identities.listenerCount()).isZero();
    Status end = stream.end();
    assertThat(end.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(end.getDescription()).isEqualTo("Workload API server is shutting down");
    assertThat(server.socket()).doesNotExist();
  }

  @Test
  void everyRpcNeedsTheSecurityHeader() {
    var raw = SpiffeWorkloadAPIGrpc.newBlockingStub(channel);
    String message = "security header missing from request";
    assertStatus(
        () -> raw.fetchX509SVID(X509SVIDRequest.getDefaultInstance()).next(),
        Status.Code.INVALID_ARGUMENT,
        message);
    assertStatus(
        () -> raw.fetchX509Bundles(X509BundlesRequest.getDefaultInstance()).next(),
        Status.Code.INVALID_ARGUMENT,
        message);
    assertStatus(
        () -> raw.fetchJWTBundles(JWTBundlesRequest.getDefaultInstance()).next(),
        Status.Code.INVALID_ARGUMENT,
        message);
    assertStatus(
        () -> raw.fetchJWTSVID(JWTSVIDRequest.newBuilder().addAudience("a").build()),
        Status.Code.INVALID_ARGUMENT,
        message);
    assertStatus(
        () ->
            raw.validateJWTSVID(
                ValidateJWTSVIDRequest.newBuilder().setAudience("a").setSvid("x.y.z").build()),
        Status.Code.INVALID_ARGUMENT,
        message);
    Metadata wrong = new Metadata();
    wrong.put(SecurityHeaderInterceptor.HEADER, "yes");
    assertStatus(
        () ->
            raw.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(wrong))
                .fetchX509SVID(X509SVIDRequest.getDefaultInstance())
                .next(),
        Status.Code.INVALID_ARGUMENT,
        message);
    assertThat(identities.listenerCount()).isZero();
    assertThat(identities.jwtRequests()).isEmpty();
  }

  @Test
  void anUnregisteredCallerGetsNothing() {
    identities.set(
        new Snapshot(List.of(identities.snapshot().identities().get(1)), pki.allBundles()));
    String message = "no identity issued";
    assertStatus(
        () -> stub.fetchX509SVID(X509SVIDRequest.getDefaultInstance()).next(),
        Status.Code.PERMISSION_DENIED,
        message);
    assertStatus(
        () -> stub.fetchX509Bundles(X509BundlesRequest.getDefaultInstance()).next(),
        Status.Code.PERMISSION_DENIED,
        message);
    assertStatus(
        () -> stub.fetchJWTBundles(JWTBundlesRequest.getDefaultInstance()).next(),
        Status.Code.PERMISSION_DENIED,
        message);
    assertStatus(
        () -> stub.fetchJWTSVID(JWTSVIDRequest.newBuilder().addAudience("a").build()),
        Status.Code.PERMISSION_DENIED,
        message);
    assertStatus(
        () ->
            stub.validateJWTSVID(
                ValidateJWTSVIDRequest.newBuilder().setAudience("a").setSvid("x.y.z").build()),
        Status.Code.PERMISSION_DENIED,
        message);
    assertThat(identities.jwtRequests()).isEmpty();
    await().atMost(Duration.ofSeconds(10)).until(() -> identities.listenerCount() == 0);
  }

  @Test
  void fetchJwtSvidIssuesOnePerIdentityForTheAudience() {
    JWTSVIDResponse response =
        stub.fetchJWTSVID(
            JWTSVIDRequest.newBuilder().addAudience("db").addAudience("cache").build());
    assertThat(response.getSvidsList()).hasSize(1);
    assertThat(response.getSvids(0).getSpiffeId()).isEqualTo("spiffe://example.org/workload");
    assertThat(response.getSvids(0).getHint()).isEqualTo("primary");
    assertThat(response.getSvids(0).getSvid()).contains(".");
    assertThat(identities.jwtRequests()).containsExactly(Set.of("db", "cache"));

    JWTSVIDResponse byId =
        stub.fetchJWTSVID(
            JWTSVIDRequest.newBuilder()
                .addAudience("db")
                .setSpiffeId("spiffe://example.org/workload")
                .build());
    assertThat(byId.getSvids(0).getSpiffeId()).isEqualTo("spiffe://example.org/workload");
  }

  @Test
  void fetchJwtSvidRejectsBadRequestsAndReportsIssuingFailures() {
    assertStatus(
        () -> stub.fetchJWTSVID(JWTSVIDRequest.getDefaultInstance()),
        Status.Code.INVALID_ARGUMENT,
        "audience must be specified");
    assertStatus(
        () ->
            stub.fetchJWTSVID(
                JWTSVIDRequest.newBuilder()
                    .addAudience("db")
                    .setSpiffeId("spiffe://example.org/someone-else")
                    .build()),
        Status.Code.PERMISSION_DENIED,
        "no identity issued for spiffe://example.org/someone-else");
    assertThat(identities.jwtRequests()).isEmpty();

    identities.failJwtWith(new SvidException("trust server unreachable: connection refused"));
    assertStatus(
        () -> stub.fetchJWTSVID(JWTSVIDRequest.newBuilder().addAudience("db").build()),
        Status.Code.UNAVAILABLE,
        "trust server unreachable: connection refused");
  }

  @Test
  void validateJwtSvidReturnsTheIdAndClaims() {
    String token =
        stub.fetchJWTSVID(JWTSVIDRequest.newBuilder().addAudience("db").build())
            .getSvids(0)
            .getSvid();

    ValidateJWTSVIDResponse response =
        stub.validateJWTSVID(
            ValidateJWTSVIDRequest.newBuilder().setAudience("db").setSvid(token).build());

    assertThat(response.getSpiffeId()).isEqualTo("spiffe://example.org/workload");
    var claims = response.getClaims().getFieldsMap();
    assertThat(claims.get("sub").getStringValue()).isEqualTo("spiffe://example.org/workload");
    assertThat(claims.get("exp").getNumberValue())
        .isEqualTo((double) clock.instant().plus(Duration.ofMinutes(5)).getEpochSecond());
    var weft = claims.get("weft").getStructValue().getFieldsMap();
    assertThat(weft.get("tier").getStringValue()).isEqualTo("gold");
    assertThat(weft.get("replicas").getNumberValue()).isEqualTo(3.0);
    assertThat(weft.get("tags").getListValue().getValuesList())
        .containsExactly(
            Value.newBuilder().setStringValue("a").build(),
            Value.newBuilder().setBoolValue(true).build());
  }

  @Test
  void validateJwtSvidRejectsMissingFieldsWrongAudienceAndExpiredTokens() throws Exception {
    String token =
        stub.fetchJWTSVID(JWTSVIDRequest.newBuilder().addAudience("db").build())
            .getSvids(0)
            .getSvid();
    assertStatus(
        () -> stub.validateJWTSVID(ValidateJWTSVIDRequest.newBuilder().setSvid(token).build()),
        Status.Code.INVALID_ARGUMENT,
        "audience must be specified");
    assertStatus(
        () -> stub.validateJWTSVID(ValidateJWTSVIDRequest.newBuilder().setAudience("db").build()),
        Status.Code.INVALID_ARGUMENT,
        "svid must be specified");
    assertStatus(
        () ->
            stub.validateJWTSVID(
                ValidateJWTSVIDRequest.newBuilder().setAudience("web").setSvid(token).build()),
        Status.Code.INVALID_ARGUMENT,
        "JWT-SVID spiffe://example.org/workload: audience [\"db\"] does not contain \"web\"");

    clock.advance(Duration.ofMinutes(6));
    Instant expiry = JwtSvidVerifier.parseInsecure(token, "").expiresAt();
    assertStatus(
        () ->
            stub.validateJWTSVID(
                ValidateJWTSVIDRequest.newBuilder().setAudience("db").setSvid(token).build()),
        Status.Code.INVALID_ARGUMENT,
        "JWT-SVID spiffe://example.org/workload: expired at " + expiry);
  }

  @Test
  void validateJwtSvidTrustsOnlyTheBundlesTheCallerMaySee() {
    Instant exp = clock.instant().plus(Duration.ofMinutes(5));
    String partnerToken =
        TestPki.jwt(pki.partnerJwtKey, "partner-key", "spiffe://partner.org/api", "db", exp);
    assertThat(
            stub.validateJWTSVID(
                    ValidateJWTSVIDRequest.newBuilder()
                        .setAudience("db")
                        .setSvid(partnerToken)
                        .build())
                .getSpiffeId())
        .isEqualTo("spiffe://partner.org/api");

    // The agent holds other.org's bundle, but the caller's entry does not federate with it.
    String otherToken =
        TestPki.jwt(pki.otherJwtKey, "other-key", "spiffe://other.org/api", "db", exp);
    assertStatus(
        () ->
            stub.validateJWTSVID(
                ValidateJWTSVIDRequest.newBuilder().setAudience("db").setSvid(otherToken).build()),
        Status.Code.INVALID_ARGUMENT,
        "JWT-SVID spiffe://other.org/api: no trust bundle for trust domain other.org"
            + " (the domain is unknown or not federated)");
  }

  private static void assertStatus(ThrowingCallable call, Status.Code code, String description) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(code);
              assertThat(e.getStatus().getDescription()).isEqualTo(description);
            });
  }
}
