package dev.weft.identity.workloadapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.weft.identity.bundle.BundleSet;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.source.IdentitySnapshot;
import dev.weft.identity.svid.JwtSvid;
import dev.weft.identity.svid.SvidException;
import dev.weft.identity.svid.X509Svid;
import dev.weft.proto.workload.WorkloadProto;
import dev.weft.testing.MutableClock;
import dev.weft.testing.TempSockets;
import io.grpc.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SvidSourceTest {
  private static final Backoff FAST =
      new Backoff(Duration.ofMillis(20), Duration.ofMillis(200), 2, 0);

  private final TestDomain example = TestDomain.create("example.org");
  private final TestDomain partner = TestDomain.create("partner.org");
  private final MutableClock clock = MutableClock.startingNow();
  private TempSockets sockets;
  private FakeWorkloadApi agent;

  @BeforeEach
  void start() {
    sockets = new TempSockets();
    agent = FakeWorkloadApi.start(sockets.socket("agent.sock"));
  }

  @AfterEach
  void stop() {
    agent.close();
    sockets.close();
  }

  private SvidSourceConfig.Builder config() {
    return SvidSourceConfig.builder()
        .startTimeout(Duration.ofSeconds(10))
        .backoff(FAST)
        .clock(clock);
  }

  private void serve(X509Svid... svids) {
    agent.setX509(
        FakeWorkloadApi.x509Response(
            List.of(svids),
            example.x509Bundle(),
            Map.of("spiffe://partner.org", partner.x509Bundle())));
  }

  private void serveJwtBundles() {
    agent.setJwtBundles(
        FakeWorkloadApi.jwtResponse(
            Map.of(
                "spiffe://example.org", example.jwtBundle(), "partner.org", partner.jwtBundle())));
  }

  @Test
  void startsWithTheFirstSvidAndPerDomainBundlesThatAreNeverMerged() throws Exception {
    X509Svid web = example.svid("/web");
    serve(web, example.svid("/api"));
    serveJwtBundles();

    try (SvidSource source = SvidSource.start(agent.endpoint(), config().build())) {
      IdentitySnapshot snapshot = source.current();

      assertThat(snapshot.svid().leaf()).isEqualTo(web.leaf());
      assertThat(snapshot.bundles().trustDomains())
          .containsExactly(example.trustDomain(), partner.trustDomain());
      TrustBundle own = snapshot.bundles().get(example.trustDomain()).orElseThrow();
      assertThat(own.x509Authorities()).containsExactly(example.root().cert());
      assertThat(own.jwtAuthorities()).containsOnlyKeys(example.kid());
      TrustBundle federated = snapshot.bundles().get(partner.trustDomain()).orElseThrow();
      assertThat(federated.x509Authorities()).containsExactly(partner.root().cert());
      assertThat(federated.jwtAuthorities()).containsOnlyKeys(partner.kid());
      assertThat(source.x509Context().svids()).hasSize(2);
      assertThat(source.isConnected()).isTrue();
    }
    assertThat(agent.callsWithoutHeader()).isZero();
  }

  @Test
  void aSelectorPicksTheSvidByIdOrHint() throws Exception {
    X509Svid web = example.svid("/web");
    X509Svid api = example.svid("/api", "public");
    serve(web, api);
    serveJwtBundles();

    try (SvidSource byId =
            SvidSource.start(
                agent.endpoint(), config().svidSelector(SvidSelector.byId(api.id())).build());
        SvidSource byHint =
            SvidSource.start(
                agent.endpoint(), config().svidSelector(SvidSelector.byHint("public")).build())) {
      assertThat(byId.current().svid().leaf()).isEqualTo(api.leaf());
      assertThat(byHint.current().svid().leaf()).isEqualTo(api.leaf());
    }
  }

  @Test
  void anUnmatchedSelectorNeverFallsBackToAnotherIdentity() {
    serve(example.svid("/web"));
    serveJwtBundles();

    assertThatThrownBy(
            () ->
                SvidSource.start(
                    agent.endpoint(),
                    config()
                        .startTimeout(Duration.ofMillis(500))
                        .svidSelector(SvidSelector.byId(example.id("/admin")))
                        .build()))
        .isInstanceOfSatisfying(
            WorkloadApiException.class,
            e -> assertThat(e.code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED))
        .hasMessage(
            "Workload API "
                + agent.endpoint()
                + ": no identity within PT0.5S (last problem: no SVID matches the configured"
                + " selector (the agent offered [spiffe://example.org/web]))");
  }

  @Test
  void aContextWithoutTheSelectedSvidIsShownButKeepsTheSnapshot() throws Exception {
    X509Svid web = example.svid("/web");
    X509Svid api = example.svid("/api");
    serve(web, api);
    serveJwtBundles();

    try (SvidSource source =
        SvidSource.start(
            agent.endpoint(), config().svidSelector(SvidSelector.byId(api.id())).build())) {
      IdentitySnapshot before = source.current();
      assertThat(source.x509Context().svids()).hasSize(2);

      X509Svid webOnly = example.svid("/web");
      serve(webOnly);

      await().atMost(Duration.ofSeconds(5)).until(() -> source.x509Context().svids().size() == 1);
      assertThat(source.x509Context().svids().getFirst().leaf()).isEqualTo(webOnly.leaf());
      assertThat(source.current()).isSameAs(before);
      assertThat(source.current().svid().leaf()).isEqualTo(api.leaf());
    }
  }

  @Test
  void rotationSwapsTheSnapshotAndTellsListeners() throws Exception {
    serve(example.svid("/web"));
    serveJwtBundles();
    BlockingQueue<IdentitySnapshot> seen = new LinkedBlockingQueue<>();

    try (SvidSource source = SvidSource.start(agent.endpoint(), config().build())) {
      IdentitySnapshot before = source.current();
      Subscription listening = source.addListener(seen::add);

      X509Svid rotated = example.svid("/web");
      serve(rotated);

      IdentitySnapshot told = seen.poll(5, TimeUnit.SECONDS);
      assertThat(told).isNotNull();
      assertThat(told.svid().leaf()).isEqualTo(rotated.leaf());
      assertThat(source.current()).isSameAs(told);
      assertThat(before.svid().leaf()).isNotEqualTo(rotated.leaf());

      listening.close();
      serve(example.svid("/web"));
      await().atMost(Duration.ofSeconds(5)).until(() -> source.current() != told);
      assertThat(seen).isEmpty();
    }
  }

  @Test
  void aFailingListenerDoesNotStopTheOthers() throws Exception {
    serve(example.svid("/web"));
    serveJwtBundles();
    BlockingQueue<IdentitySnapshot> seen = new LinkedBlockingQueue<>();

    try (SvidSource source = SvidSource.start(agent.endpoint(), config().build())) {
      source.addListener(
          snapshot -> {
            throw new IllegalStateException("listener bug");
          });
      source.addListener(seen::add);
      serve(example.svid("/web"));
      assertThat(seen.poll(5, TimeUnit.SECONDS)).isNotNull();
      serve(example.svid("/web"));
      assertThat(seen.poll(5, TimeUnit.SECONDS)).isNotNull();
    }
  }

  @Test
  void aNewJwtBundleOfOneDomainJoinsOnlyThatDomain() throws Exception {
    serve(example.svid("/web"));
    serveJwtBundles();
    BlockingQueue<IdentitySnapshot> seen = new LinkedBlockingQueue<>();

    try (SvidSource source = SvidSource.start(agent.endpoint(), config().build())) {
      source.addListener(seen::add);
      TestDomain rotatedPartner = TestDomain.create("partner.org");
      agent.setJwtBundles(
          FakeWorkloadApi.jwtResponse(
              Map.of(
                  "example.org", example.jwtBundle(), "partner.org", rotatedPartner.jwtBundle())));

      IdentitySnapshot told = seen.poll(5, TimeUnit.SECONDS);
      assertThat(told).isNotNull();
      assertThat(told.bundles().get(partner.trustDomain()).orElseThrow().jwtAuthorities())
          .containsOnlyKeys(rotatedPartner.kid());
      assertThat(told.bundles().get(example.trustDomain()).orElseThrow().jwtAuthorities())
          .containsOnlyKeys(example.kid());
    }
  }

  @Test
  void keepsTheLastSnapshotWhileTheAgentIsGoneAndRecoversOnTheSameSocket() throws Exception {
    serve(example.svid("/web"));
    serveJwtBundles();
    BlockingQueue<IdentitySnapshot> seen = new LinkedBlockingQueue<>();

    try (SvidSource source = SvidSource.start(agent.endpoint(), config().build())) {
      IdentitySnapshot before = source.current();
      source.addListener(seen::add);

      agent.stop();
      await().atMost(Duration.ofSeconds(5)).until(() -> !source.isConnected());
      assertThat(source.current()).isSameAs(before);

      X509Svid after = example.svid("/web");
      serve(after);
      serveJwtBundles();
      agent.restart();

      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> source.current().svid().leaf().equals(after.leaf()));
      await().atMost(Duration.ofSeconds(5)).until(source::isConnected);
      assertThat(seen).isNotEmpty();
      assertThat(agent.callsWithoutHeader()).isZero();
    }
  }

  @Test
  void anUnusableUpdateKeepsTheLastSnapshotAndTheWatchIsReopened() throws Exception {
    serve(example.svid("/web"));
    serveJwtBundles();

    try (SvidSource source = SvidSource.start(agent.endpoint(), config().build())) {
      IdentitySnapshot before = source.current();

      agent.setX509(WorkloadProto.X509SVIDResponse.getDefaultInstance());
      await().atMost(Duration.ofSeconds(5)).until(() -> !source.isConnected());
      assertThat(source.current()).isSameAs(before);

      X509Svid fixed = example.svid("/web");
      serve(fixed);
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> source.current().svid().leaf().equals(fixed.leaf()));
    }
  }

  @Test
  void startFailsClearlyWhenNoAgentListens() {
    agent.stop();

    // The message names the last failed attempt, so the first attempt must have failed before
    // the start timeout: 300 ms was not always enough on a loaded machine.
    assertThatThrownBy(
            () ->
                SvidSource.start(
                    agent.endpoint(), config().startTimeout(Duration.ofSeconds(3)).build()))
        .isInstanceOfSatisfying(
            WorkloadApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
              assertThat(e.getCause())
                  .isInstanceOfSatisfying(
                      WorkloadApiException.class,
                      cause -> assertThat(cause.code()).isEqualTo(Status.Code.UNAVAILABLE));
            })
        .hasMessageStartingWith(
            "Workload API " + agent.endpoint() + ": no identity within PT3S (last problem: ")
        .hasMessageContaining(": UNAVAILABLE");
  }

  @Test
  void startFailsWithTheAgentsReasonWhenItIssuesNothing() {
    agent.failX509(Status.PERMISSION_DENIED.withDescription("no identity issued"));
    serveJwtBundles();

    assertThatThrownBy(
            () ->
                SvidSource.start(
                    agent.endpoint(), config().startTimeout(Duration.ofMillis(300)).build()))
        .hasMessage(
            "Workload API "
                + agent.endpoint()
                + ": no identity within PT0.3S (last problem:"
                + " FetchX509SVID: PERMISSION_DENIED: no identity issued)");
  }

  @Test
  void startWaitsForJwtBundlesUnlessTheyAreNotWatched() throws Exception {
    serve(example.svid("/web"));

    assertThatThrownBy(
            () ->
                SvidSource.start(
                    agent.endpoint(), config().startTimeout(Duration.ofMillis(300)).build()))
        .hasMessage(
            "Workload API "
                + agent.endpoint()
                + ": no identity within PT0.3S (last problem: the"
                + " agent has not answered)");

    try (SvidSource source =
        SvidSource.start(agent.endpoint(), config().watchJwtBundles(false).build())) {
      assertThat(
              source.current().bundles().get(example.trustDomain()).orElseThrow().jwtAuthorities())
          .isEmpty();
    }
  }

  @Test
  void fetchesJwtSvidsForItsCurrentIdentity() throws Exception {
    serve(example.svid("/web"), example.svid("/api"));
    serveJwtBundles();
    agent.setJwtIssuer(
        request ->
            WorkloadProto.JWTSVIDResponse.newBuilder()
                .addSvids(
                    WorkloadProto.JWTSVID
                        .newBuilder()
                        .setSpiffeId(request.getSpiffeId())
                        .setSvid(
                            example.jwt(
                                example.id("/api"),
                                request.getAudienceList(),
                                Instant.now().plusSeconds(300))))
                .build());

    try (SvidSource source =
        SvidSource.start(
            agent.endpoint(),
            config().svidSelector(SvidSelector.byId(example.id("/api"))).build())) {
      JwtSvid token = source.fetchJwtSvid("spiffe://partner.org/billing");

      assertThat(token.id()).isEqualTo(example.id("/api"));
      assertThat(agent.jwtRequests().getLast().getSpiffeId()).isEqualTo("spiffe://example.org/api");
      assertThat(agent.jwtRequests().getLast().getAudienceList())
          .containsExactly("spiffe://partner.org/billing");
    }
  }

  @Test
  void validatesJwtSvidsLocallyAgainstTheTokensOwnDomain() throws Exception {
    serve(example.svid("/web"));
    serveJwtBundles();
    Instant expiry = clock.instant().plusSeconds(60);

    try (SvidSource source = SvidSource.start(agent.endpoint(), config().build())) {
      String fromPartner =
          partner.jwt(partner.id("/billing"), List.of("spiffe://example.org/web"), expiry);
      assertThat(source.validateJwtSvid(fromPartner, "spiffe://example.org/web").id())
          .isEqualTo(partner.id("/billing"));

      // Signed by example.org's key but claiming partner.org: only partner.org's keys may sign it.
      String confused =
          example.jwt(partner.id("/billing"), List.of("spiffe://example.org/web"), expiry);
      assertThatThrownBy(() -> source.validateJwtSvid(confused, "spiffe://example.org/web"))
          .isInstanceOf(SvidException.class)
          .hasMessage(
              "JWT-SVID spiffe://partner.org/billing: kid \""
                  + example.kid()
                  + "\" is not a JWT authority of trust domain partner.org");

      assertThatThrownBy(() -> source.validateJwtSvid(fromPartner, "spiffe://example.org/other"))
          .isInstanceOf(SvidException.class)
          .hasMessage(
              "JWT-SVID spiffe://partner.org/billing: audience [\"spiffe://example.org/web\"] does not"
                  + " contain \"spiffe://example.org/other\"");

      clock.advance(Duration.ofSeconds(61));
      assertThatThrownBy(() -> source.validateJwtSvid(fromPartner, "spiffe://example.org/web"))
          .isInstanceOf(SvidException.class)
          .hasMessageStartingWith("JWT-SVID spiffe://partner.org/billing: expired at ");
    }
  }

  @Test
  void aClosedSourceHasNoIdentity() throws Exception {
    serve(example.svid("/web"));
    serveJwtBundles();
    SvidSource source = SvidSource.start(agent.endpoint(), config().build());

    source.close();
    source.close();

    assertThatThrownBy(source::current)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("SvidSource[" + agent.endpoint() + "]: closed");
    assertThat(source.isConnected()).isFalse();
    await().atMost(Duration.ofSeconds(5)).until(() -> agent.openX509Streams() == 0);
  }

  @Test
  void joinKeepsEachDomainToItself() {
    BundleSet x509 = BundleSet.of(example.x509Bundle(), partner.x509Bundle());
    TestDomain jwtOnly = TestDomain.create("jwt-only.org");
    BundleSet jwt = BundleSet.of(example.jwtBundle(), jwtOnly.jwtBundle());

    BundleSet joined = SvidSource.join(x509, jwt);

    assertThat(joined)
        .isEqualTo(BundleSet.of(example.bundle(), partner.x509Bundle(), jwtOnly.jwtBundle()));
  }
}
