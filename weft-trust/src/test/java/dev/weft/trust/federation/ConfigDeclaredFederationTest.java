package dev.weft.trust.federation;

import static dev.weft.trust.federation.Federated.A;
import static dev.weft.trust.federation.Federated.B;
import static dev.weft.trust.federation.Federated.C;
import static dev.weft.trust.federation.Federated.assertRefused;
import static dev.weft.trust.federation.Federated.show;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.identity.pem.Pem;
import dev.weft.proto.trust.v1.CreateFederationRequest;
import dev.weft.proto.trust.v1.DeleteFederationRequest;
import dev.weft.proto.trust.v1.FederationRelationship;
import dev.weft.proto.trust.v1.ListFederationsRequest;
import dev.weft.proto.trust.v1.RefreshFederationRequest;
import dev.weft.proto.trust.v1.UpdateFederationRequest;
import dev.weft.testing.MutableClock;
import dev.weft.trust.config.FederationConfig;
import dev.weft.trust.config.ServerConfig;
import dev.weft.trust.server.TrustPlane;
import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * c.example declares its relationship with a.example in its configuration file (seed 000's {@code
 * federates_with} shape, with a PEM bootstrap bundle): applied at start, read-only through the
 * admin API, kept beside relationships created through the API, and removed when the file no longer
 * declares it.
 */
class ConfigDeclaredFederationTest {
  private static final String DECLARED =
      "federation relationship with a.example is declared in the server's"
          + " configuration file (change it there and restart)";

  @TempDir Path files;
  private final MutableClock clock = MutableClock.startingNow();
  private TrustPlane a;
  private TrustPlane b;
  private TrustPlane c;

  @BeforeEach
  void start() throws Exception {
    a =
        TrustPlane.startServer(
            clock, A, s -> s.federation(Federated.spiffeEndpoint()), Federated::options);
    b =
        TrustPlane.startServer(
            clock, B, s -> s.federation(Federated.spiffeEndpoint()), Federated::options);
    Files.writeString(files.resolve("a.pem"), Pem.writeCertificates(a.bundle().x509Authorities()));
    Path yaml =
        Files.writeString(
            files.resolve("server.yaml"),
            """
        server:
          trust_domain: c.example
          data_dir: data
          federation:
            refresh_floor: 1s
            bundle_endpoint:
              address: 127.0.0.1
              port: 0
            federates_with:
              a.example:
                bundle_endpoint_url: %s
                bundle_endpoint_profile:
                  https_spiffe:
                    endpoint_spiffe_id: spiffe://a.example/weft/server
                trust_bundle_path: a.pem
        """
                .formatted(Federated.url(a)));
    FederationConfig declared = ServerConfig.load(yaml).federation();
    c = TrustPlane.startServer(clock, C, s -> s.federation(declared), Federated::options);
  }

  @AfterEach
  void stop() {
    for (TrustPlane plane : new TrustPlane[] {c, b, a}) {
      if (plane != null) {
        plane.close();
      }
    }
  }

  @Test
  void aDeclaredRelationshipIsAppliedAtStartAndCannotBeChangedThroughTheApi() {
    Federated.awaitBundle(c, A, held -> held.equals(a.bundle()));
    FederationRelationship shown = show(c, A);
    assertThat(shown.getStatus().getSource()).isEqualTo("config");
    assertThat(shown.getBundleEndpointUrl()).isEqualTo(Federated.url(a));
    assertThat(shown.getEndpointSpiffeId()).isEqualTo("spiffe://a.example/weft/server");
    assertThat(shown.getStatus().getFailing()).isFalse();

    FederationRelationship changed =
        shown.toBuilder().clearStatus().setBundleEndpointUrl("https://127.0.0.1:1").build();
    assertRefused(
        () ->
            c.admin()
                .updateFederation(
                    UpdateFederationRequest.newBuilder().setRelationship(changed).build()),
        Status.Code.INVALID_ARGUMENT,
        DECLARED);
    assertRefused(
        () ->
            c.admin()
                .deleteFederation(
                    DeleteFederationRequest.newBuilder().setTrustDomain(A.name()).build()),
        Status.Code.INVALID_ARGUMENT,
        DECLARED);
    assertRefused(
        () ->
            c.admin()
                .createFederation(
                    CreateFederationRequest.newBuilder().setRelationship(changed).build()),
        Status.Code.ALREADY_EXISTS,
        "federation relationship with a.example: already exists (change it with weft trust federation update)");
    assertThat(show(c, A).toBuilder().clearStatus().build())
        .isEqualTo(shown.toBuilder().clearStatus().build());

    // a refresh is not a change: it is allowed
    FederationRelationship refreshed =
        c.admin()
            .refreshFederation(
                RefreshFederationRequest.newBuilder().setTrustDomain(A.name()).build());
    assertThat(refreshed.getStatus().getFailing()).isFalse();
  }

  @Test
  void relationshipsFromTheApiLiveBesideAndOutliveTheDeclaredOnes() throws Exception {
    c.admin()
        .createFederation(
            CreateFederationRequest.newBuilder()
                .setRelationship(Federated.relationship(b))
                .build());
    Federated.awaitBundle(c, B, held -> held.equals(b.bundle()));
    Federated.awaitBundle(c, A, held -> held.equals(a.bundle()));
    assertThat(sources()).containsExactly("a.example=config", "b.example=api");

    // restarted with the same file: the same relationships
    c.restartServer(s -> s);
    assertThat(sources()).containsExactly("a.example=config", "b.example=api");

    // restarted with a file that no longer declares a.example: only that relationship goes;
    // its bundle stays until deleted on its own
    c.restartServer(s -> s.federation(Federated.spiffeEndpoint()));
    assertThat(sources()).containsExactly("b.example=api");
    assertThat(Federated.bundleOf(c, A)).contains(a.bundle());
  }

  private List<String> sources() {
    return c
        .admin()
        .listFederations(ListFederationsRequest.getDefaultInstance())
        .getRelationshipsList()
        .stream()
        .map(r -> r.getTrustDomain() + "=" + r.getStatus().getSource())
        .toList();
  }
}
