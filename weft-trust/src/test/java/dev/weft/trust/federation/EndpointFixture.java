package dev.weft.trust.federation;

import dev.weft.identity.bundle.BundleSet;
import dev.weft.identity.bundle.SpiffeBundleFormat;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.source.IdentitySnapshot;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.identity.svid.X509Svid;
import dev.weft.identity.tls.SpiffeTls;
import dev.weft.testing.CertBuilder;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** A bundle endpoint of trust domain {@code partner.org} served over real HTTPS on loopback. */
final class EndpointFixture implements AutoCloseable {
  static final TrustDomain PARTNER = TrustDomain.parse("partner.org");
  static final SpiffeId ENDPOINT_ID = SpiffeId.parse("spiffe://partner.org/weft/server");

  final CertBuilder.Issued root = CertBuilder.selfSignedCa("partner.org").build();
  final CertBuilder.Issued webRoot =
      CertBuilder.selfSignedCa("web.test").uris().subject("CN=Test Web Root").build();

  /** What the endpoint serves; null answers 503. */
  final AtomicReference<String> document = new AtomicReference<>();

  private final BundleEndpointServer server;

  private EndpointFixture(boolean spiffe) throws Exception {
    this(spiffe, BundleEndpointServer.Limits.defaults());
  }

  private EndpointFixture(boolean spiffe, BundleEndpointServer.Limits limits) throws Exception {
    KeyManager keyManager = spiffe ? spiffeKeyManager() : webKeyManager();
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(new KeyManager[] {keyManager}, null, null);
    document.set(SpiffeBundleFormat.write(bundle(1)));
    server =
        BundleEndpointServer.start(
            new InetSocketAddress("127.0.0.1", 0),
            tls,
            limits,
            () -> Optional.ofNullable(document.get()));
  }

  /** An https_spiffe endpoint presenting {@code spiffe://partner.org/weft/server}. */
  static EndpointFixture spiffe() throws Exception {
    return new EndpointFixture(true);
  }

  /** An https_web endpoint presenting a Web PKI certificate for localhost. */
  static EndpointFixture web() throws Exception {
    return new EndpointFixture(false);
  }

  /** An https_web endpoint held to {@code limits}. */
  static EndpointFixture web(BundleEndpointServer.Limits limits) throws Exception {
    return new EndpointFixture(false, limits);
  }

  /** The endpoint itself, for its counters. */
  BundleEndpointServer server() {
    return server;
  }

  /** The partner's bundle with its root and the given sequence. */
  TrustBundle bundle(long sequence) {
    return TrustBundle.ofX509(PARTNER, List.of(root.cert())).withSequence(sequence);
  }

  URI url() {
    return URI.create("https://localhost:" + server.address().getPort());
  }

  FederationRelationship spiffeRelationship(Optional<TrustBundle> bootstrap) {
    return new FederationRelationship(
        PARTNER,
        url(),
        BundleEndpointProfile.HTTPS_SPIFFE,
        Optional.of(ENDPOINT_ID),
        bootstrap,
        FederationRelationship.Source.API);
  }

  FederationRelationship webRelationship() {
    return new FederationRelationship(
        PARTNER,
        url(),
        BundleEndpointProfile.HTTPS_WEB,
        Optional.empty(),
        Optional.empty(),
        FederationRelationship.Source.API);
  }

  /**
   * Sends {@code request} as it is over TLS (trusting the test Web PKI root) and reads the whole
   * answer: the endpoint closes the connection after it.
   */
  String exchange(String request) throws Exception {
    try (SSLSocket s =
        (SSLSocket) webClientTls().getSocketFactory().createSocket("localhost", url().getPort())) {
      s.setSoTimeout(30_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  /** A client TLS context that trusts the test Web PKI root. */
  SSLContext webClientTls() throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("root", webRoot.cert());
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }

  @Override
  public void close() {
    server.close();
  }

  private KeyManager spiffeKeyManager() throws Exception {
    CertBuilder.Issued svid = CertBuilder.svid(ENDPOINT_ID.toString()).issuer(root).build();
    X509Svid x509 = X509Svid.of(List.of(svid.cert()), svid.privateKey(), "");
    IdentitySnapshot snapshot = new IdentitySnapshot(x509, BundleSet.of(bundle(1)));
    return SpiffeTls.keyManager(() -> snapshot);
  }

  private KeyManager webKeyManager() throws Exception {
    CertBuilder.Issued web =
        CertBuilder.svid("https://localhost")
            .uris()
            .dnsNames("localhost")
            .subject("CN=localhost")
            .issuer(webRoot)
            .build();
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("web", web.privateKey(), new char[0], new X509Certificate[] {web.cert()});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store, new char[0]);
    return kmf.getKeyManagers()[0];
  }
}
