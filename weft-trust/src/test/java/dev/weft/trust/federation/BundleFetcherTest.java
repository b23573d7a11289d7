package dev.weft.trust.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.identity.bundle.SpiffeBundleFormat;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.testing.CertBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/** Fetching bundles over real HTTPS from {@link BundleEndpointServer}, both profiles. */
class BundleFetcherTest {
  private static final FetchLimits QUICK =
      new FetchLimits(Duration.ofSeconds(2), Duration.ofSeconds(2), 64 * 1024);

  private static BundleFetcher fetcher(SSLContext web) {
    return new BundleFetcher(QUICK, web, Clock.systemUTC());
  }

  private static BundleFetcher fetcher() throws Exception {
    return fetcher(SSLContext.getDefault());
  }

  @Test
  void httpsSpiffeWithBootstrapBundleThenWithTheFetchedOne() throws Exception {
    try (EndpointFixture e = EndpointFixture.spiffe()) {
      var relationship = e.spiffeRelationship(Optional.of(e.bundle(0)));
      TrustBundle first = fetcher().fetch(relationship, Optional.empty(), OptionalLong.empty());
      assertThat(first).isEqualTo(e.bundle(1));
      // no bootstrap any more: the last fetched bundle authenticates the endpoint
      var noBootstrap = e.spiffeRelationship(Optional.empty());
      assertThat(fetcher().fetch(noBootstrap, Optional.of(first), OptionalLong.empty()))
          .isEqualTo(e.bundle(1));
    }
  }

  @Test
  void httpsSpiffeRefusesAnEndpointWithAnotherIdOrFromAnotherCa() throws Exception {
    try (EndpointFixture e = EndpointFixture.spiffe()) {
      var wrongId =
          new FederationRelationship(
              EndpointFixture.PARTNER,
              e.url(),
              BundleEndpointProfile.HTTPS_SPIFFE,
              Optional.of(dev.weft.identity.spiffeid.SpiffeId.parse("spiffe://partner.org/other")),
              Optional.of(e.bundle(0)),
              FederationRelationship.Source.API);
      assertThatThrownBy(() -> fetcher().fetch(wrongId, Optional.empty(), OptionalLong.empty()))
          .isInstanceOf(FederationException.class)
          .hasMessage(
              e.url()
                  + ": TLS: bundle endpoint presented spiffe://partner.org/weft/server"
                  + " (expected: spiffe://partner.org/other)");
      TrustBundle stranger =
          TrustBundle.ofX509(
              EndpointFixture.PARTNER,
              List.of(CertBuilder.selfSignedCa("partner.org").build().cert()));
      assertThatThrownBy(
              () ->
                  fetcher()
                      .fetch(
                          e.spiffeRelationship(Optional.of(stranger)),
                          Optional.empty(),
                          OptionalLong.empty()))
          .isInstanceOf(FederationException.class)
          .hasMessageStartingWith(
              e.url() + ": TLS: bundle endpoint: X.509-SVID spiffe://partner.org/weft/server:");
      assertThatThrownBy(
              () ->
                  fetcher()
                      .fetch(
                          e.spiffeRelationship(Optional.empty()),
                          Optional.empty(),
                          OptionalLong.empty()))
          .hasMessage(
              e.url()
                  + ": no bundle of partner.org to authenticate the https_spiffe endpoint with"
                  + " (give the relationship a bootstrap bundle, or set the bundle with weft trust bundle set)");
    }
  }

  @Test
  void httpsWebUsesWebPkiAndHostnames() throws Exception {
    try (EndpointFixture e = EndpointFixture.web()) {
      assertThat(
              fetcher(e.webClientTls())
                  .fetch(e.webRelationship(), Optional.empty(), OptionalLong.empty()))
          .isEqualTo(e.bundle(1));
      // the system roots do not know the test root
      assertThatThrownBy(
              () -> fetcher().fetch(e.webRelationship(), Optional.empty(), OptionalLong.empty()))
          .isInstanceOf(FederationException.class)
          .hasMessageContaining("PKIX path building failed");
      // the certificate is for localhost, not 127.0.0.1
      var byIp =
          new FederationRelationship(
              EndpointFixture.PARTNER,
              URI.create(e.url().toString().replace("localhost", "127.0.0.1")),
              BundleEndpointProfile.HTTPS_WEB,
              Optional.empty(),
              Optional.empty(),
              FederationRelationship.Source.API);
      assertThatThrownBy(
              () -> fetcher(e.webClientTls()).fetch(byIp, Optional.empty(), OptionalLong.empty()))
          .isInstanceOf(FederationException.class)
          .hasMessageContaining("No subject alternative names matching IP address 127.0.0.1");
    }
  }

  @Test
  void invalidBundlesAreRefusedWithTheReason() throws Exception {
    try (EndpointFixture e = EndpointFixture.spiffe()) {
      var r = e.spiffeRelationship(Optional.of(e.bundle(0)));
      String url = e.url().toString();

      e.document.set("not json");
      assertThatThrownBy(() -> fetcher().fetch(r, Optional.empty(), OptionalLong.empty()))
          .hasMessage(
              url
                  + ": served an invalid bundle: bundle: not valid JSON (expected: one JSON object without duplicate members)");

      String cert =
          SpiffeBundleFormat.write(e.bundle(1)).replaceAll(".*\"x5c\":\\[\"([^\"]+)\"\\].*", "$1");
      e.document.set(
          "{\"keys\":[{\"kty\":\"EC\",\"use\":\"x509-svid\",\"crv\":\"P-256\",\"x5c\":[\""
              + cert
              + "\",\""
              + cert
              + "\"]}]}");
      assertThatThrownBy(() -> fetcher().fetch(r, Optional.empty(), OptionalLong.empty()))
          .hasMessage(
              url
                  + ": served an invalid bundle: bundle: keys[0].x5c: 2 certificates (expected: exactly 1 for use x509-svid)");

      e.document.set(
          "{\"keys\":[{\"kty\":\"EC\",\"use\":\"jwt-svid\",\"crv\":\"P-256\","
              + "\"x\":\"2Ja-NfhK_LAVXJRXgj-7_dL1ssxaNfaf3UGDSheJTno\",\"y\":\"6HlqkMB-dhpuzfLIfLap0OPvz7AphiVKtt8ZxkA1UXc\"}]}");
      assertThatThrownBy(() -> fetcher().fetch(r, Optional.empty(), OptionalLong.empty()))
          .hasMessageContaining(": served an invalid bundle: bundle: keys[0].kid: missing");

      TrustBundle otherDomain =
          TrustBundle.ofX509(
              EndpointFixture.PARTNER,
              List.of(e.root.cert(), CertBuilder.selfSignedCa("elsewhere.org").build().cert()));
      e.document.set(SpiffeBundleFormat.write(otherDomain));
      assertThatThrownBy(() -> fetcher().fetch(r, Optional.empty(), OptionalLong.empty()))
          .hasMessage(
              url + ": served a bundle of trust domain elsewhere.org (expected: partner.org)");

      e.document.set(SpiffeBundleFormat.write(e.bundle(3)));
      assertThatThrownBy(() -> fetcher().fetch(r, Optional.empty(), OptionalLong.of(5)))
          .hasMessage(url + ": spiffe_sequence went backwards: 3 after 5");

      TrustBundle lockout =
          TrustBundle.ofX509(
                  EndpointFixture.PARTNER,
                  List.of(CertBuilder.selfSignedCa("partner.org").build().cert()))
              .withSequence(9);
      e.document.set(SpiffeBundleFormat.write(lockout));
      assertThatThrownBy(() -> fetcher().fetch(r, Optional.empty(), OptionalLong.empty()))
          .hasMessageStartingWith(
              url + ": served a bundle that does not authenticate the endpoint itself");

      e.document.set(null);
      assertThatThrownBy(() -> fetcher().fetch(r, Optional.empty(), OptionalLong.empty()))
          .hasMessage(url + ": answered HTTP 503 (expected: 200)");
    }
  }

  @Test
  void hugeAnswersAreCutOff() throws Exception {
    try (EndpointFixture e = EndpointFixture.spiffe()) {
      e.document.set("{\"keys\":[],\"padding\":\"" + "x".repeat(100_000) + "\"}");
      assertThatThrownBy(
              () ->
                  fetcher()
                      .fetch(
                          e.spiffeRelationship(Optional.of(e.bundle(0))),
                          Optional.empty(),
                          OptionalLong.empty()))
          .isInstanceOf(FederationException.class)
          .hasMessage(e.url() + ": answer is larger than 65536 bytes");
    }
  }

  @Test
  void silentEndpointsTimeOut() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      URI url = URI.create("https://localhost:" + silent.getLocalPort());
      var r =
          new FederationRelationship(
              EndpointFixture.PARTNER,
              url,
              BundleEndpointProfile.HTTPS_WEB,
              Optional.empty(),
              Optional.empty(),
              FederationRelationship.Source.API);
      assertThatThrownBy(() -> fetcher().fetch(r, Optional.empty(), OptionalLong.empty()))
          .isInstanceOf(FederationException.class)
          .hasMessageStartingWith(url + ": ")
          .satisfies(
              t ->
                  assertThat(t.getMessage())
                      .containsAnyOf("timed out", "no complete answer within 4s"));
    }
  }

  @Test
  void closedPortsAreAClearError() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    URI url = URI.create("https://localhost:" + port);
    var r =
        new FederationRelationship(
            EndpointFixture.PARTNER,
            url,
            BundleEndpointProfile.HTTPS_WEB,
            Optional.empty(),
            Optional.empty(),
            FederationRelationship.Source.API);
    assertThatThrownBy(() -> fetcher().fetch(r, Optional.empty(), OptionalLong.empty()))
        .isInstanceOf(FederationException.class)
        .hasMessage(url + ": cannot connect (connection refused or closed)");
  }
}
