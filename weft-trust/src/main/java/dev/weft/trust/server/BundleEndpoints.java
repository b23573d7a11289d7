package dev.weft.trust.server;

import dev.weft.identity.bundle.SpiffeBundleFormat;
import dev.weft.identity.pem.Pem;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.identity.tls.SpiffeTls;
import dev.weft.trust.config.FederationConfig;
import dev.weft.trust.config.ListenerLimits;
import dev.weft.trust.federation.BundleEndpointProfile;
import dev.weft.trust.federation.BundleEndpointServer;
import dev.weft.trust.store.DataStore;
import dev.weft.trust.store.StoreException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts this server's SPIFFE bundle endpoint with the configured profile. */
final class BundleEndpoints {
  private static final Logger log = LoggerFactory.getLogger(BundleEndpoints.class);

  private BundleEndpoints() {}

  static BundleEndpointServer start(
      FederationConfig.BundleEndpoint config,
      ListenerLimits limits,
      ServerIdentity identity,
      DataStore store,
      TrustDomain td)
      throws IOException {
    SSLContext tls =
        config.profile() == BundleEndpointProfile.HTTPS_SPIFFE
            ? context(new KeyManager[] {SpiffeTls.keyManager(identity)})
            : webContext(config);
    InetSocketAddress bind = new InetSocketAddress(config.address(), config.port());
    BundleEndpointServer server;
    try {
      server =
          BundleEndpointServer.start(
              bind,
              tls,
              limits(limits),
              () -> {
                try {
                  return store.bundle(td).map(SpiffeBundleFormat::write);
                } catch (StoreException e) {
                  throw new IOException(e.getMessage(), e);
                }
              });
    } catch (IOException e) {
      throw new IOException("bundle endpoint: cannot listen on " + bind + ": " + e.getMessage(), e);
    }
    log.info(
        "bundle endpoint of {} serving on https://{}:{} ({})",
        td,
        server.address().getHostString(),
        server.address().getPort(),
        config.profile());
    return server;
  }

  /** The {@code server.limits} keys that apply to the bundle endpoint. */
  static BundleEndpointServer.Limits limits(ListenerLimits limits) {
    return new BundleEndpointServer.Limits(
        limits.maxConnections(),
        limits.handshakeTimeout(),
        limits.requestTimeout(),
        limits.maxHeaderBytes(),
        limits.maxRequestBytes());
  }

  private static SSLContext webContext(FederationConfig.BundleEndpoint config) throws IOException {
    var certFile = config.certFile().orElseThrow();
    var keyFile = config.keyFile().orElseThrow();
    try {
      List<X509Certificate> chain = Pem.parseCertificates(Files.readString(certFile));
      PrivateKey key = Pem.parsePrivateKey(Files.readString(keyFile));
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      char[] password = new char[0];
      store.setKeyEntry("bundle-endpoint", key, password, chain.toArray(new X509Certificate[0]));
      KeyManagerFactory factory =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, password);
      return context(factory.getKeyManagers());
    } catch (GeneralSecurityException e) {
      throw new IOException(
          "bundle endpoint web certificate (" + certFile + ", " + keyFile + "): " + e.getMessage(),
          e);
    }
  }

  private static SSLContext context(KeyManager[] keyManagers) throws IOException {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers, null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("bundle endpoint TLS: " + e.getMessage(), e);
    }
  }
}
