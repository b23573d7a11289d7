package dev.weft.identity.workloadapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.weft.identity.bundle.BundleSet;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.svid.JwtSvid;
import dev.weft.identity.svid.X509Svid;
import dev.weft.proto.workload.SpiffeWorkloadAPIGrpc;
import dev.weft.proto.workload.WorkloadProto;
import dev.weft.testing.CertBuilder;
import dev.weft.testing.TempSockets;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WorkloadApiClientTest {
  private final TestDomain example = TestDomain.create("example.org");
  private final TestDomain partner = TestDomain.create("partner.org");
  private final TestDomain third = TestDomain.create("third.org");
  private TempSockets sockets;
  private FakeWorkloadApi agent;
  private WorkloadApiClient client;

  @BeforeEach
  void start() {
    sockets = new TempSockets();
    agent = FakeWorkloadApi.start(sockets.socket("agent.sock"));
    client = WorkloadApiClient.create(agent.endpoint(), Duration.ofSeconds(5));
  }

  @AfterEach
  void stop() {
    client.close();
    agent.close();
    sockets.close();
  }

  @Test
  void fetchesSvidsWithTheBundleOfTheirDomainAndTheFederatedBundles() throws Exception {
    X509Svid web = example.svid("/web", "internal");
    X509Svid api = example.svid("/api");
    agent.setX509(
        FakeWorkloadApi.x509Response(
            List.of(web, api),
            example.x509Bundle(),
            // one key as a trust domain ID, one as a bare name: both are accepted
            Map.of("spiffe://partner.org", partner.x509Bundle(), "third.org", third.x509Bundle())));

    X509Context context = client.fetchX509Context();

    assertThat(context.svids()).extracting(X509Svid::id).containsExactly(web.id(), api.id());
    assertThat(context.defaultSvid().leaf()).isEqualTo(web.leaf());
    assertThat(context.defaultSvid().hint()).isEqualTo("internal");
    assertThat(context.defaultSvid().privateKey().getEncoded())
        .isEqualTo(web.privateKey().getEncoded());
    assertThat(context.bundles().trustDomains())
        .containsExactly(example.trustDomain(), partner.trustDomain(), third.trustDomain());
    assertThat(context.bundles().get(example.trustDomain()).orElseThrow().x509Authorities())
        .containsExactly(example.root().cert());
    assertThat(context.bundles().get(partner.trustDomain()).orElseThrow().x509Authorities())
        .containsExactly(partner.root().cert());
    assertThat(context.bundles().get(third.trustDomain()).orElseThrow().x509Authorities())
        .containsExactly(third.root().cert());
  }

  @Test
  void anUnchangedSvidIsNotParsedAgainButARotatedOneIs() throws Exception {
    X509Svid web = example.svid("/web");
    agent.setX509(FakeWorkloadApi.x509Response(List.of(web), example.x509Bundle(), Map.of()));
    X509Svid first = client.fetchX509Context().defaultSvid();
    assertThat(client.fetchX509Context().defaultSvid()).isSameAs(first);

    X509Svid rotated = example.svid("/web");
    agent.setX509(FakeWorkloadApi.x509Response(List.of(rotated), example.x509Bundle(), Map.of()));
    X509Svid second = client.fetchX509Context().defaultSvid();
    assertThat(second).isNotSameAs(first);
    assertThat(second.leaf()).isEqualTo(rotated.leaf());
  }

  @Test
  void everyCallCarriesTheSecurityHeader() throws Exception {
    agent.setX509(
        FakeWorkloadApi.x509Response(
            List.of(example.svid("/web")), example.x509Bundle(), Map.of()));
    agent.setJwtBundles(
        FakeWorkloadApi.jwtResponse(Map.of("spiffe://example.org", example.jwtBundle())));
    agent.setX509Bundles(
        FakeWorkloadApi.x509BundlesResponse(Map.of("example.org", example.x509Bundle())));
    agent.setJwtIssuer(request -> jwtResponse(request.getAudienceList()));

    client.fetchX509Context();
    client.fetchJwtBundles();
    client.fetchX509Bundles();
    client.fetchJwtSvid("spiffe://example.org/db");

    assertThat(agent.callsWithHeader()).isEqualTo(4);
    assertThat(agent.callsWithoutHeader()).isZero();
  }

  @Test
  void theFakeAgentWouldNoticeAMissingHeader() throws Exception {
    EventLoopGroup loop = Channels.eventLoop();
    ManagedChannel bare =
        NettyChannelBuilder.forAddress(
                new DomainSocketAddress(agent.endpoint().socketPath().toString()))
            .channelType(EpollDomainSocketChannel.class, DomainSocketAddress.class)
            .eventLoopGroup(loop)
            .usePlaintext()
            .overrideAuthority("localhost")
            .build();
    try {
      assertThatThrownBy(
              () ->
                  SpiffeWorkloadAPIGrpc.newBlockingStub(bare)
                      .fetchJWTSVID(
                          WorkloadProto.JWTSVIDRequest.newBuilder().addAudience("a").build()))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                assertThat(e.getStatus().getDescription())
                    .isEqualTo("security header missing from request");
              });
      assertThat(agent.callsWithoutHeader()).isEqualTo(1);
    } finally {
      bare.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }

  @Test
  void agentErrorsCarryTheStatusAndTheAgentsMessage() {
    agent.failX509(Status.PERMISSION_DENIED.withDescription("no identity issued"));

    assertThatThrownBy(client::fetchX509Context)
        .isInstanceOfSatisfying(
            WorkloadApiException.class,
            e -> assertThat(e.code()).isEqualTo(Status.Code.PERMISSION_DENIED))
        .hasMessage("FetchX509SVID: PERMISSION_DENIED: no identity issued");

    assertThatThrownBy(() -> client.fetchJwtSvid("aud"))
        .isInstanceOfSatisfying(
            WorkloadApiException.class,
            e -> assertThat(e.code()).isEqualTo(Status.Code.PERMISSION_DENIED))
        .hasMessage("FetchJWTSVID: PERMISSION_DENIED: no identity issued");
  }

  @Test
  void anUnreachableAgentIsUnavailable() throws Exception {
    agent.stop();

    assertThatThrownBy(client::fetchX509Context)
        .isInstanceOfSatisfying(
            WorkloadApiException.class,
            e -> assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE))
        .hasMessageStartingWith("FetchX509SVID: UNAVAILABLE");
  }

  @Test
  void anUnusableAnswerIsRejectedWhole() {
    CertBuilder.Issued noUri =
        CertBuilder.svid("spiffe://example.org/web").uris().issuer(example.root()).build();
    agent.setX509(
        WorkloadProto.X509SVIDResponse.newBuilder()
            .addSvids(
                WorkloadProto.X509SVID
                    .newBuilder()
                    .setSpiffeId("spiffe://example.org/web")
                    .setX509Svid(ByteString.copyFrom(der(noUri)))
                    .setX509SvidKey(ByteString.copyFrom(noUri.privateKey().getEncoded()))
                    .setBundle(FakeWorkloadApi.der(example.x509Bundle())))
            .build());

    assertThatThrownBy(client::fetchX509Context)
        .isInstanceOfSatisfying(
            WorkloadApiException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.INTERNAL))
        .hasMessage(
            "FetchX509SVID: the agent's answer is unusable: svids[0]: X.509-SVID: leaf certificate"
                + " has 0 URI SANs (expected: exactly 1)");
  }

  @Test
  void anSvidWhoseIdDisagreesWithItsCertificateIsRejected() {
    X509Svid web = example.svid("/web");
    agent.setX509(
        WorkloadProto.X509SVIDResponse.newBuilder()
            .addSvids(
                FakeWorkloadApi.svidMessage(web, example.x509Bundle()).toBuilder()
                    .setSpiffeId("spiffe://example.org/admin"))
            .build());

    assertThatThrownBy(client::fetchX509Context)
        .hasMessage(
            "FetchX509SVID: the agent's answer is unusable: svids[0].spiffe_id:"
                + " spiffe://example.org/admin (expected: spiffe://example.org/web, the ID in the"
                + " certificate)");
  }

  @Test
  void anSvidWithAnotherCertificatesKeyIsRejected() {
    X509Svid web = example.svid("/web");
    X509Svid other = example.svid("/web");
    agent.setX509(
        WorkloadProto.X509SVIDResponse.newBuilder()
            .addSvids(
                FakeWorkloadApi.svidMessage(web, example.x509Bundle()).toBuilder()
                    .setX509SvidKey(ByteString.copyFrom(other.privateKey().getEncoded())))
            .build());

    assertThatThrownBy(client::fetchX509Context)
        .hasMessage(
            "FetchX509SVID: the agent's answer is unusable: svids[0]: X.509-SVID"
                + " spiffe://example.org/web: private key does not match the public key of the leaf"
                + " certificate");
  }

  @Test
  void anEmptyAnswerIsRejected() {
    agent.setX509(WorkloadProto.X509SVIDResponse.getDefaultInstance());

    assertThatThrownBy(client::fetchX509Context)
        .hasMessage("FetchX509SVID: the agent's answer is unusable: the answer holds no SVID");
  }

  @Test
  void theSameDomainTwiceInAFederatedMapIsRejected() {
    agent.setX509(
        FakeWorkloadApi.x509Response(
            List.of(example.svid("/web")),
            example.x509Bundle(),
            Map.of(
                "spiffe://partner.org",
                partner.x509Bundle(),
                "partner.org",
                partner.x509Bundle())));

    assertThatThrownBy(client::fetchX509Context)
        .hasMessageStartingWith("FetchX509SVID: the agent's answer is unusable: federated_bundles[")
        .hasMessageEndingWith("]: a second bundle for trust domain partner.org");
  }

  @Test
  void watchDeliversTheCurrentContextThenEveryRotation() throws Exception {
    X509Svid first = example.svid("/web");
    agent.setX509(FakeWorkloadApi.x509Response(List.of(first), example.x509Bundle(), Map.of()));
    BlockingQueue<Object> events = new LinkedBlockingQueue<>();

    Subscription watch = client.watchX509Contexts(recorder(events));
    try {
      X509Context initial = (X509Context) events.poll(5, TimeUnit.SECONDS);
      assertThat(initial).isNotNull();
      assertThat(initial.defaultSvid().leaf()).isEqualTo(first.leaf());

      X509Svid rotated = example.svid("/web");
      agent.setX509(FakeWorkloadApi.x509Response(List.of(rotated), example.x509Bundle(), Map.of()));

      X509Context next = (X509Context) events.poll(5, TimeUnit.SECONDS);
      assertThat(next).isNotNull();
      assertThat(next.defaultSvid().leaf()).isEqualTo(rotated.leaf());
    } finally {
      watch.close();
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> agent.openX509Streams() == 0);
    assertThat(events).isEmpty();
  }

  @Test
  void aWatchOutlivesTheContextItWasOpenedIn() throws Exception {
    agent.setX509(
        FakeWorkloadApi.x509Response(
            List.of(example.svid("/web")), example.x509Bundle(), Map.of()));
    BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    Context.CancellableContext request = Context.current().withCancellation();

    Subscription watch = request.call(() -> client.watchX509Contexts(recorder(events)));
    try {
      assertThat(events.poll(5, TimeUnit.SECONDS)).isInstanceOf(X509Context.class);
      request.cancel(null);
      X509Svid rotated = example.svid("/web");
      agent.setX509(FakeWorkloadApi.x509Response(List.of(rotated), example.x509Bundle(), Map.of()));

      assertThat(events.poll(5, TimeUnit.SECONDS))
          .isInstanceOfSatisfying(
              X509Context.class, c -> assertThat(c.defaultSvid().leaf()).isEqualTo(rotated.leaf()));
    } finally {
      watch.close();
    }
  }

  @Test
  void aWatchEndsWithAnErrorWhenTheAgentGoesAway() throws Exception {
    agent.setX509(
        FakeWorkloadApi.x509Response(
            List.of(example.svid("/web")), example.x509Bundle(), Map.of()));
    BlockingQueue<Object> events = new LinkedBlockingQueue<>();

    Subscription watch = client.watchX509Contexts(recorder(events));
    try {
      assertThat(events.poll(5, TimeUnit.SECONDS)).isInstanceOf(X509Context.class);
      agent.stop();
      Object end = events.poll(5, TimeUnit.SECONDS);
      // A server shutting down resets its streams (CANCELLED) or drops the connection
      // (UNAVAILABLE).
      assertThat(end)
          .isInstanceOfSatisfying(
              WorkloadApiException.class,
              e -> {
                assertThat(e.code()).isIn(Status.Code.UNAVAILABLE, Status.Code.CANCELLED);
                assertThat(e).hasMessageStartingWith("FetchX509SVID: " + e.code());
              });
      assertThat(events.poll(200, TimeUnit.MILLISECONDS)).isNull();
    } finally {
      watch.close();
    }
  }

  @Test
  void fetchesX509BundlesPerTrustDomain() throws Exception {
    agent.setX509Bundles(
        FakeWorkloadApi.x509BundlesResponse(
            Map.of(
                "spiffe://example.org",
                example.x509Bundle(),
                "partner.org",
                partner.x509Bundle())));

    BundleSet bundles = client.fetchX509Bundles();

    assertThat(bundles).isEqualTo(BundleSet.of(example.x509Bundle(), partner.x509Bundle()));
  }

  @Test
  void fetchesJwtBundlesPerTrustDomain() throws Exception {
    agent.setJwtBundles(
        FakeWorkloadApi.jwtResponse(
            Map.of(
                "spiffe://example.org", example.jwtBundle(), "partner.org", partner.jwtBundle())));

    BundleSet bundles = client.fetchJwtBundles();

    TrustBundle own = bundles.get(example.trustDomain()).orElseThrow();
    assertThat(own.jwtAuthorities()).containsOnlyKeys(example.kid());
    assertThat(own.jwtAuthority(example.kid()).orElseThrow().getEncoded())
        .isEqualTo(example.jwtPublicKey().getEncoded());
    assertThat(own.x509Authorities()).isEmpty();
    assertThat(bundles.get(partner.trustDomain()).orElseThrow().jwtAuthorities())
        .containsOnlyKeys(partner.kid());
  }

  @Test
  void fetchesJwtSvidsForAnAudienceAndSubject() throws Exception {
    agent.setJwtIssuer(request -> jwtResponse(request.getAudienceList()));

    JwtSvid svid = client.fetchJwtSvid(example.id("/web"), "spiffe://example.org/db", "extra");

    assertThat(svid.id()).isEqualTo(example.id("/web"));
    assertThat(svid.audience()).containsExactlyInAnyOrder("spiffe://example.org/db", "extra");
    assertThat(svid.hint()).isEqualTo("jwt-hint");
    WorkloadProto.JWTSVIDRequest sent = agent.jwtRequests().getLast();
    assertThat(sent.getAudienceList()).containsExactly("spiffe://example.org/db", "extra");
    assertThat(sent.getSpiffeId()).isEqualTo("spiffe://example.org/web");
  }

  @Test
  void aJwtSvidOfAnotherIdentityThanAskedIsRejected() {
    agent.setJwtIssuer(request -> jwtResponse(request.getAudienceList()));

    assertThatThrownBy(() -> client.fetchJwtSvids(Set.of("aud"), Optional.of(example.id("/other"))))
        .hasMessage(
            "FetchJWTSVID: the agent's answer is unusable: svids[0]: a JWT-SVID of"
                + " spiffe://example.org/web (asked for spiffe://example.org/other)");
  }

  @Test
  void audiencesMustBeGiven() {
    assertThatThrownBy(() -> client.fetchJwtSvids(Set.of(), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("audience: [] (expected: at least one audience)");
    assertThatThrownBy(() -> client.fetchJwtSvid("a", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("audience: [a, ] (expected: no empty audience)");
    assertThat(agent.jwtRequests()).isEmpty();
  }

  @Test
  void validatesJwtSvidsThroughTheAgent() throws Exception {
    String token =
        example.jwt(
            example.id("/web"), List.of("spiffe://example.org/db"), Instant.now().plusSeconds(60));
    agent.setValidator(
        request -> {
          if (!request.getAudience().equals("spiffe://example.org/db")) {
            throw Status.INVALID_ARGUMENT
                .withDescription("audience claim mismatch")
                .asRuntimeException();
          }
          return WorkloadProto.ValidateJWTSVIDResponse.newBuilder()
              .setSpiffeId("spiffe://example.org/web")
              .build();
        });

    JwtSvid valid = client.validateJwtSvid(token, "spiffe://example.org/db");
    assertThat(valid.id()).isEqualTo(example.id("/web"));

    assertThatThrownBy(() -> client.validateJwtSvid(token, "spiffe://example.org/other"))
        .isInstanceOfSatisfying(
            WorkloadApiException.class,
            e -> assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT))
        .hasMessage("ValidateJWTSVID: INVALID_ARGUMENT: audience claim mismatch")
        .message()
        .doesNotContain(token);
  }

  @Test
  void aClosedClientRefusesCalls() {
    client.close();
    client.close();

    assertThatThrownBy(client::fetchX509Context)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("WorkloadApiClient[" + agent.endpoint() + "]: closed");
  }

  @Test
  void theCallTimeoutMustBePositive() {
    assertThatThrownBy(() -> WorkloadApiClient.create(agent.endpoint(), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("callTimeout: PT0S (expected: > 0)");
  }

  private WorkloadProto.JWTSVIDResponse jwtResponse(List<String> audience) {
    String token = example.jwt(example.id("/web"), audience, Instant.now().plusSeconds(300));
    return WorkloadProto.JWTSVIDResponse.newBuilder()
        .addSvids(
            WorkloadProto.JWTSVID
                .newBuilder()
                .setSpiffeId("spiffe://example.org/web")
                .setSvid(token)
                .setHint("jwt-hint"))
        .build();
  }

  private static byte[] der(CertBuilder.Issued issued) {
    try {
      return issued.cert().getEncoded();
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static <T> Watcher<T> recorder(BlockingQueue<Object> events) {
    return new Watcher<>() {
      @Override
      public void onUpdate(T update) {
        events.add(update);
      }

      @Override
      public void onError(WorkloadApiException error) {
        events.add(error);
      }
    };
  }
}
