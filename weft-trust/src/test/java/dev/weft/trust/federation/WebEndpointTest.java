package dev.weft.trust.federation;

import static dev.weft.trust.federation.Federated.A;
import static dev.weft.trust.federation.Federated.B;
import static dev.weft.trust.federation.Federated.C;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.identity.bundle.SpiffeBundleFormat;
import dev.weft.identity.pem.Pem;
import dev.weft.proto.trust.v1.CreateFederationRequest;
import dev.weft.proto.trust.v1.FederationRelationship;
import dev.weft.proto.trust.v1.RefreshFederationRequest;
import dev.weft.testing.CertBuilder;
import dev.weft.testing.MutableClock;
import dev.weft.trust.config.FederationConfig;
import dev.weft.trust.server.TrustPlane;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The https_web profile: a.example serves its bundle with an operator-supplied certificate for
 * localhost, issued by a Web PKI root that b.example trusts (injected as its web TLS context) and
 * c.example does not (it has the JDK's roots).
 */
class WebEndpointTest {
  private static final Path CURL = Path.of("/usr/bin/curl");

  @TempDir Path files;
  private final MutableClock clock = MutableClock.startingNow();
  private final CertBuilder.Issued webRoot =
      CertBuilder.selfSignedCa("web.test").uris().subject("CN=Test Web Root").build();
  private TrustPlane a;
  private TrustPlane b;
  private TrustPlane c;

  @BeforeEach
  void start() throws Exception {
    CertBuilder.Issued leaf =
        CertBuilder.svid("https://localhost")
            .uris()
            .dnsNames("localhost")
            .subject("CN=localhost")
            .issuer(webRoot)
            .build();
    Path cert =
        Files.writeString(
            files.resolve("endpoint.pem"),
            Pem.writeCertificates(List.of(leaf.cert(), webRoot.cert())));
    Path key =
        Files.writeString(
            files.resolve("endpoint-key.pem"), Pem.writePrivateKey(leaf.privateKey()));
    Files.writeString(
        files.resolve("web-root.pem"), Pem.writeCertificates(List.of(webRoot.cert())));
    FederationConfig web =
        FederationConfig.none()
            .withBundleEndpoint(FederationConfig.BundleEndpoint.web("127.0.0.1", 0, cert, key))
            .withRefreshFloor(Federated.REFRESH);
    a = TrustPlane.startServer(clock, A, s -> s.federation(web), Federated::options);
    SSLContext trustsWebRoot = clientTls();
    b =
        TrustPlane.startServer(
            clock,
            B,
            s -> s.federation(Federated.spiffeEndpoint()),
            o -> Federated.options(o).withWebTls(trustsWebRoot));
    c =
        TrustPlane.startServer(
            clock, C, s -> s.federation(Federated.spiffeEndpoint()), Federated::options);
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
  void aServerThatTrustsTheWebRootFetchesTheBundleWithoutABootstrapBundle() {
    b.admin()
        .createFederation(
            CreateFederationRequest.newBuilder().setRelationship(webRelationship()).build());
    assertThat(Federated.awaitBundle(b, A, held -> held.equals(a.bundle()))).isEqualTo(a.bundle());
    FederationRelationship shown = Federated.show(b, A);
    assertThat(shown.getBundleEndpointProfile()).isEqualTo("https_web");
    assertThat(shown.getEndpointSpiffeId()).isEmpty();
    assertThat(shown.getBootstrapBundle()).isEmpty();
    assertThat(shown.getStatus().getLastSuccessUnix()).isEqualTo(clock.instant().getEpochSecond());
    assertThat(shown.getStatus().getLastError()).isEmpty();
  }

  @Test
  void aServerThatDoesNotTrustTheWebRootRecordsWhyAndHoldsNoBundle() {
    c.admin()
        .createFederation(
            CreateFederationRequest.newBuilder().setRelationship(webRelationship()).build());
    FederationRelationship refreshed =
        c.admin()
            .refreshFederation(
                RefreshFederationRequest.newBuilder().setTrustDomain(A.name()).build());
    assertThat(refreshed.getStatus().getFailing()).isTrue();
    assertThat(refreshed.getStatus().getLastError())
        .startsWith(webUrl() + ": TLS: PKIX path building failed");
    assertThat(refreshed.getStatus().getHasBundle()).isFalse();
    assertThat(refreshed.getStatus().getLastSuccessUnix()).isZero();
    assertThat(Federated.bundleOf(c, A)).isEmpty();
  }

  @Test
  void anHttpsClientWithTheWebRootReadsTheSpiffeBundle() throws Exception {
    try (HttpClient client = HttpClient.newBuilder().sslContext(clientTls()).build()) {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(URI.create(webUrl() + "/")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
      assertThat(SpiffeBundleFormat.parse(A, response.body())).isEqualTo(a.bundle());
      // one document at one path, read-only
      assertThat(
              client
                  .send(
                      HttpRequest.newBuilder(URI.create(webUrl() + "/other")).build(),
                      HttpResponse.BodyHandlers.discarding())
                  .statusCode())
          .isEqualTo(404);
      HttpResponse<Void> post =
          client.send(
              HttpRequest.newBuilder(URI.create(webUrl() + "/"))
                  .POST(HttpRequest.BodyPublishers.ofString("{}"))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      assertThat(post.statusCode()).isEqualTo(405);
      assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
    }
  }

  @Test
  void curlWithTheWebRootReadsTheSpiffeBundle() throws Exception {
    assumeTrue(Files.isExecutable(CURL), CURL + " is not installed");
    Process curl =
        new ProcessBuilder(
                CURL.toString(),
                "--silent",
                "--show-error",
                "--fail",
                "--max-time",
                "20",
                "--cacert",
                files.resolve("web-root.pem").toString(),
                webUrl() + "/")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String body = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(curl.exitValue()).isZero();
    assertThat(SpiffeBundleFormat.parse(A, body)).isEqualTo(a.bundle());
  }

  private String webUrl() {
    return "https://localhost:" + a.server().bundleEndpointAddress().orElseThrow().getPort();
  }

  private FederationRelationship webRelationship() {
    return FederationRelationship.newBuilder()
        .setTrustDomain(A.name())
        .setBundleEndpointUrl(webUrl())
        .setBundleEndpointProfile("https_web")
        .build();
  }

  private SSLContext clientTls() throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("web-root", webRoot.cert());
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }
}
