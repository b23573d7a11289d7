package dev.weft.trust.federation;

import static dev.weft.trust.federation.Federated.A;
import static dev.weft.trust.federation.Federated.B;
import static dev.weft.trust.federation.Federated.assertRefused;
import static dev.weft.trust.server.TrustPlane.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.weft.identity.svid.JwtSvid;
import dev.weft.identity.svid.JwtSvidVerifier;
import dev.weft.identity.svid.SvidException;
import dev.weft.identity.workloadapi.SvidSource;
import dev.weft.identity.workloadapi.SvidSourceConfig;
import dev.weft.identity.workloadapi.WorkloadApiEndpoint;
import dev.weft.proto.trust.v1.DeleteBundleRequest;
import dev.weft.proto.trust.v1.DeleteFederationRequest;
import dev.weft.proto.trust.v1.Entry;
import dev.weft.proto.workload.WorkloadProto.ValidateJWTSVIDRequest;
import dev.weft.proto.workload.WorkloadProto.ValidateJWTSVIDResponse;
import dev.weft.testing.MutableClock;
import dev.weft.trust.config.NodeAgentConfig;
import dev.weft.trust.node.NodeAgent;
import dev.weft.trust.server.TrustPlane;
import io.grpc.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A JWT-SVID issued in b.example validates in a.example, through a.example's agent
 * (ValidateJWTSVID) and through the library with a.example's bundle set, for a workload whose entry
 * federates with b.example; it is refused where a.example's workload does not federate with
 * b.example, and once a.example no longer federates with it at all.
 */
class FederatedJwtTest {
  private static final String AUDIENCE = "spiffe://a.example/api";
  private static final String UNKNOWN_DOMAIN =
      "JWT-SVID spiffe://b.example/caller: no trust bundle for trust"
          + " domain b.example (the domain is unknown or not federated)";

  private final MutableClock clock = MutableClock.startingNow();
  private TrustPlane a;
  private TrustPlane b;
  private SvidSource caller;
  private SvidSource api;
  private Path localOnly;

  @BeforeEach
  void start() throws Exception {
    a = Federated.plane(clock, A);
    b = Federated.plane(clock, B);
    Federated.federate(a, b);
    Federated.workload(a, "/api", B);
    Federated.workload(b, "/caller");
    NodeAgentConfig second = a.agentConfig("local", a.joinToken(Duration.ofMinutes(10)));
    NodeAgent agent = a.startAgent(second);
    localOnly = second.socketPath();
    a.createEntry(
        Entry.newBuilder()
            .setSpiffeId("spiffe://a.example/local")
            .setParentId(agent.id().toString())
            .addSelectors(TrustPlane.thisUid())
            .build());
    caller = source(b.workloadSocket());
    api = source(a.workloadSocket());
    await().atMost(WAIT).until(() -> api.current().bundles().get(B).isPresent());
  }

  @AfterEach
  void stop() {
    for (AutoCloseable c : new AutoCloseable[] {api, caller, b, a}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  void aTokenOfTheFederatedDomainValidatesAtTheAgentAndInTheLibrary() throws Exception {
    JwtSvid token = caller.fetchJwtSvid(AUDIENCE);
    assertThat(token.id().toString()).isEqualTo("spiffe://b.example/caller");

    ValidateJWTSVIDResponse validated = validate(a.workloadSocket(), token.token(), AUDIENCE);
    assertThat(validated.getSpiffeId()).isEqualTo("spiffe://b.example/caller");
    assertThat(validated.getClaims().getFieldsOrThrow("sub").getStringValue())
        .isEqualTo("spiffe://b.example/caller");

    assertThat(api.validateJwtSvid(token.token(), AUDIENCE).id()).isEqualTo(token.id());
    assertThat(
            JwtSvidVerifier.verify(
                    token.token(), AUDIENCE, api.current().bundles(), clock.instant())
                .id())
        .isEqualTo(token.id());

    // the signature is checked, not just the domain: another audience is still refused
    assertRefused(
        () -> validate(a.workloadSocket(), token.token(), "spiffe://a.example/other"),
        Status.Code.INVALID_ARGUMENT,
        "JWT-SVID spiffe://b.example/caller: audience [\"spiffe://a.example/api\"]"
            + " does not contain \"spiffe://a.example/other\"");
  }

  @Test
  void aWorkloadWhoseEntryDoesNotFederateRefusesTheToken() throws Exception {
    JwtSvid token = caller.fetchJwtSvid(AUDIENCE);
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .until(() -> Federated.x509Bundles(a, localOnly).size() == 1);
    assertRefused(
        () -> validate(localOnly, token.token(), AUDIENCE),
        Status.Code.INVALID_ARGUMENT,
        UNKNOWN_DOMAIN);
    try (SvidSource local = source(localOnly)) {
      assertThat(local.current().bundles().get(B)).isEmpty();
      assertThatThrownBy(() -> local.validateJwtSvid(token.token(), AUDIENCE))
          .isInstanceOf(SvidException.class)
          .hasMessage(UNKNOWN_DOMAIN);
    }
  }

  @Test
  void onceTheFederationAndBundleAreDeletedTheTokenIsRefused() throws Exception {
    JwtSvid token = caller.fetchJwtSvid(AUDIENCE);
    assertThat(validate(a.workloadSocket(), token.token(), AUDIENCE).getSpiffeId())
        .isEqualTo(token.id().toString());

    a.admin()
        .deleteFederation(DeleteFederationRequest.newBuilder().setTrustDomain(B.name()).build());
    a.admin().deleteBundle(DeleteBundleRequest.newBuilder().setTrustDomain(B.name()).build());
    await().atMost(WAIT).until(() -> api.current().bundles().get(B).isEmpty());

    assertRefused(
        () -> validate(a.workloadSocket(), token.token(), AUDIENCE),
        Status.Code.INVALID_ARGUMENT,
        UNKNOWN_DOMAIN);
    assertThatThrownBy(() -> api.validateJwtSvid(token.token(), AUDIENCE))
        .isInstanceOf(SvidException.class)
        .hasMessage(UNKNOWN_DOMAIN);
  }

  private ValidateJWTSVIDResponse validate(Path socket, String token, String audience) {
    return a.workload(socket)
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .validateJWTSVID(
            ValidateJWTSVIDRequest.newBuilder().setAudience(audience).setSvid(token).build());
  }

  private SvidSource source(Path socket) throws Exception {
    return SvidSource.start(
        WorkloadApiEndpoint.ofSocket(socket),
        SvidSourceConfig.builder().clock(clock).startTimeout(WAIT).build());
  }
}
