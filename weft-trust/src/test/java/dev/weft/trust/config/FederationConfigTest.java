package dev.weft.trust.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.config.ConfigException;
import dev.weft.identity.pem.Pem;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.testing.CertBuilder;
import dev.weft.trust.federation.BundleEndpointProfile;
import dev.weft.trust.federation.FederationRelationship;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The server.federation block: seed 000's shape in YAML, and an error naming file and line. */
class FederationConfigTest {
  @TempDir Path dir;

  private Path write(String federation) throws Exception {
    Path file = dir.resolve("server.yaml");
    Files.writeString(
        file,
        """
        server:
          trust_domain: aws.company.com
          data_dir: data
          federation:
        """
            + federation.indent(4));
    return file;
  }

  @Test
  void fullMeshShape() throws Exception {
    Files.writeString(
        dir.resolve("azure.pem"),
        Pem.writeCertificates(
            List.of(CertBuilder.selfSignedCa("azure.company.com").build().cert())));
    ServerConfig config =
        ServerConfig.load(
            write(
                """
        refresh_floor: 1s
        bundle_endpoint:
          address: 127.0.0.1
          port: 8443
        federates_with:
          gcp.company.com:
            bundle_endpoint_url: https://spire-gcp.company.com:8443
            bundle_endpoint_profile:
              https_web: {}
          azure.company.com:
            bundle_endpoint_url: https://spire-azure.company.com:8443
            bundle_endpoint_profile:
              https_spiffe:
                endpoint_spiffe_id: spiffe://azure.company.com/weft/server
            trust_bundle_path: azure.pem
        """));
    FederationConfig f = config.federation();
    assertThat(f.refreshFloor()).isEqualTo(Duration.ofSeconds(1));
    assertThat(f.bundleEndpoint())
        .contains(FederationConfig.BundleEndpoint.spiffe("127.0.0.1", 8443));
    assertThat(f.federatesWith()).hasSize(2);
    FederationRelationship gcp = f.federatesWith().get(0);
    assertThat(gcp.trustDomain()).isEqualTo(TrustDomain.parse("gcp.company.com"));
    assertThat(gcp.bundleEndpointUrl()).isEqualTo(URI.create("https://spire-gcp.company.com:8443"));
    assertThat(gcp.profile()).isEqualTo(BundleEndpointProfile.HTTPS_WEB);
    assertThat(gcp.source()).isEqualTo(FederationRelationship.Source.CONFIG);
    FederationRelationship azure = f.federatesWith().get(1);
    assertThat(azure.endpointSpiffeId())
        .contains(SpiffeId.parse("spiffe://azure.company.com/weft/server"));
    assertThat(azure.bootstrapBundle().orElseThrow().x509Authorities()).hasSize(1);
  }

  @Test
  void noFederationBlockMeansNone() throws Exception {
    Path file = dir.resolve("plain.yaml");
    Files.writeString(file, "server:\n  trust_domain: example.org\n  data_dir: data\n");
    assertThat(ServerConfig.load(file).federation()).isEqualTo(FederationConfig.none());
  }

  static Stream<Arguments> badBlocks() {
    String relationship = "server.federation.federates_with.gcp.company.com";
    return Stream.of(
        Arguments.of(
            "a misspelt relationship key",
            """
            federates_with:
              gcp.company.com:
                bundle_endpoint_url: https://spire-gcp.company.com:8443
                bundle_endpoint_profil:
                  https_web: {}
            """,
            ":8: "
                + relationship
                + ".bundle_endpoint_profil: unknown key (expected: one of"
                + " bundle_endpoint_profile, bundle_endpoint_url, trust_bundle_format, trust_bundle_path)"),
        Arguments.of(
            "a trust domain in upper case",
            """
            federates_with:
              GCP.company.com:
                bundle_endpoint_url: https://spire-gcp.company.com:8443
            """,
            ":6: server.federation.federates_with: \"GCP.company.com\" (expected: a trust domain"
                + " such as example.org; trust domain may contain only lowercase letters, digits, '.', '-'"
                + " and '_')"),
        Arguments.of(
            "an http endpoint URL",
            """
            federates_with:
              gcp.company.com:
                bundle_endpoint_url: http://spire-gcp.company.com:8443
                bundle_endpoint_profile:
                  https_web: {}
            """,
            ":7: "
                + relationship
                + ".bundle_endpoint_url: \"http://spire-gcp.company.com:8443\""
                + " (expected: an https URL with a host and no user info, query or fragment, such as"
                + " https://spire.example.org:8443)"),
        Arguments.of(
            "an endpoint ID of another trust domain",
            """
            federates_with:
              gcp.company.com:
                bundle_endpoint_url: https://spire-gcp.company.com:8443
                bundle_endpoint_profile:
                  https_spiffe:
                    endpoint_spiffe_id: spiffe://aws.company.com/weft/server
            """,
            ":10: "
                + relationship
                + ".bundle_endpoint_profile.https_spiffe.endpoint_spiffe_id:"
                + " \"spiffe://aws.company.com/weft/server\" (expected: a SPIFFE ID in trust domain"
                + " gcp.company.com)"),
        Arguments.of(
            "https_spiffe without the endpoint's ID",
            """
            federates_with:
              gcp.company.com:
                bundle_endpoint_url: https://spire-gcp.company.com:8443
                bundle_endpoint_profile:
                  https_spiffe: {}
            """,
            ":9: "
                + relationship
                + ".bundle_endpoint_profile.https_spiffe.endpoint_spiffe_id: missing"
                + " (expected: the SPIFFE ID the endpoint presents, such as spiffe://gcp.company.com/weft/server)"),
        Arguments.of(
            "a refresh floor in words",
            "refresh_floor: soon\n",
            ":5: server.federation.refresh_floor: \"soon\" (expected: a duration such as 24h, 30m, 90s,"
                + " 1h30m, 500ms or PT1H, > 0)"),
        Arguments.of(
            "https_web without a certificate",
            """
            bundle_endpoint:
              profile: https_web
            """,
            ":5: server.federation.bundle_endpoint.web_certificate: missing (expected: cert_file_path"
                + " and key_file_path for the https_web profile)"),
        Arguments.of(
            "a bundle endpoint port over 65535",
            """
            bundle_endpoint:
              port: 70000
            """,
            ":6: server.federation.bundle_endpoint.port: 70000 (expected: an integer from 0 to 65535)"),
        Arguments.of(
            "a bootstrap bundle that is not PEM",
            """
            federates_with:
              gcp.company.com:
                bundle_endpoint_url: https://spire-gcp.company.com:8443
                bundle_endpoint_profile:
                  https_spiffe:
                    endpoint_spiffe_id: spiffe://gcp.company.com/weft/server
                trust_bundle_path: bad.pem
            """,
            ":11: "
                + relationship
                + ".trust_bundle_path: \"bad.pem\" (expected: a pem bundle of"
                + " gcp.company.com; PEM: no CERTIFICATE block found)"),
        Arguments.of(
            "a bootstrap bundle that does not exist",
            """
            federates_with:
              gcp.company.com:
                bundle_endpoint_url: https://spire-gcp.company.com:8443
                bundle_endpoint_profile:
                  https_spiffe:
                    endpoint_spiffe_id: spiffe://gcp.company.com/weft/server
                trust_bundle_path: gone.pem
            """,
            ":11: "
                + relationship
                + ".trust_bundle_path: \"gone.pem\" (expected: a readable bundle"
                + " file of gcp.company.com; <dir>/gone.pem: no such file)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badBlocks")
  void isRejectedNamingFileLineKeyAndValue(String what, String block, String message)
      throws Exception {
    Files.writeString(dir.resolve("bad.pem"), "nothing here");
    Path file = write(block);
    assertThatThrownBy(() -> ServerConfig.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + message.replace("<dir>", dir.toString()));
  }

  @Test
  void ownTrustDomainCannotBeFederatedInCode() {
    assertThatThrownBy(
            () ->
                new FederationConfig(
                    Optional.empty(),
                    List.of(relationship("gcp.company.com"), relationship("gcp.company.com")),
                    Duration.ofSeconds(60)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "server.federation.federates_with: gcp.company.com (expected: each trust domain once)");
  }

  private static FederationRelationship relationship(String td) {
    return new FederationRelationship(
        TrustDomain.parse(td),
        URI.create("https://" + td + ":8443"),
        BundleEndpointProfile.HTTPS_WEB,
        Optional.empty(),
        Optional.empty(),
        FederationRelationship.Source.CONFIG);
  }
}
