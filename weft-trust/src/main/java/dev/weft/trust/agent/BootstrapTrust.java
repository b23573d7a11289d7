package dev.weft.trust.agent;

import dev.weft.identity.bundle.BundleSet;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.svid.SvidException;
import dev.weft.identity.svid.X509SvidVerifier;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates the trust server on the agent's first contact, before the agent has an SVID:
 * the server must present {@code spiffe://<td>/weft/server} verified against the bootstrap
 * bundle. With {@code insecure} (no bootstrap bundle configured) any server is accepted and a
 * warning is logged; the bundle the server returns is then trusted on first use.
 */
final class BootstrapTrust extends X509ExtendedTrustManager {
  private static final Logger log = LoggerFactory.getLogger(BootstrapTrust.class);

  private final TrustBundle bundle;
  private final SpiffeId serverId;
  private final Clock clock;

  /** {@code bundle} null means insecure bootstrap. */
  BootstrapTrust(TrustBundle bundle, SpiffeId serverId, Clock clock) {
    this.bundle = bundle;
    this.serverId = serverId;
    this.clock = clock;
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    if (bundle == null) {
      log.warn("insecure bootstrap: trusting the trust server's certificate without verification");
      return;
    }
    SpiffeId presented;
    try {
      presented = X509SvidVerifier.verify(List.of(chain), BundleSet.of(bundle), clock.instant());
    } catch (SvidException e) {
      throw new CertificateException("trust server: " + e.getMessage(), e);
    }
    if (!presented.equals(serverId)) {
      throw new CertificateException(
          "trust server presented " + presented + " (expected: " + serverId + ")");
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    checkServerTrusted(chain, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkServerTrusted(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    throw new CertificateException("the agent's bootstrap channel does not accept clients");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    checkClientTrusted(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkClientTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
