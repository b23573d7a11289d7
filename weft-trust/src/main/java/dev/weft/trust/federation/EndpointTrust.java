package dev.weft.trust.federation;

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
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Authenticates an {@code https_spiffe} bundle endpoint: its chain must verify against
 * {@code anchor} (the bootstrap bundle, or the last bundle fetched from it) and its SPIFFE ID
 * must be the configured one. No hostname check: SPIFFE authenticates by ID. The chain seen is
 * kept so that a fetched bundle can be checked to still authenticate its own endpoint.
 */
final class EndpointTrust extends X509ExtendedTrustManager {
  private final TrustBundle anchor;
  private final SpiffeId expected;
  private final Clock clock;
  private final AtomicReference<List<X509Certificate>> seen = new AtomicReference<>();

  EndpointTrust(TrustBundle anchor, SpiffeId expected, Clock clock) {
    this.anchor = anchor;
    this.expected = expected;
    this.clock = clock;
  }

  /** The endpoint's chain from the last successful handshake, or null. */
  List<X509Certificate> seenChain() {
    return seen.get();
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    SpiffeId presented;
    try {
      presented = X509SvidVerifier.verify(List.of(chain), BundleSet.of(anchor), clock.instant());
    } catch (SvidException e) {
      throw new CertificateException("bundle endpoint: " + e.getMessage(), e);
    }
    if (!presented.equals(expected)) {
      throw new CertificateException(
          "bundle endpoint presented " + presented + " (expected: " + expected + ")");
    }
    seen.set(List.of(chain));
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
    throw new CertificateException("a bundle endpoint client does not accept clients");
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
