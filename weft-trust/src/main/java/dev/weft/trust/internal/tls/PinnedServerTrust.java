package dev.weft.trust.internal.tls;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client-side trust in one server identified by SPIFFE ID: the server's chain must verify against
 * one given bundle and carry the expected SPIFFE ID. No hostname check: SPIFFE authenticates by ID.
 * Used where the client has no SVID or bundle source yet: an agent's first contact with its trust
 * server, and a fetch from an {@code https_spiffe} bundle endpoint. The chain last accepted is kept
 * for callers that check it further.
 */
public final class PinnedServerTrust extends X509ExtendedTrustManager {
  private static final Logger log = LoggerFactory.getLogger(PinnedServerTrust.class);

  private final String peer;
  private final TrustBundle anchor;
  private final SpiffeId expected;
  private final Clock clock;
  private final AtomicReference<List<X509Certificate>> accepted = new AtomicReference<>();

  private PinnedServerTrust(String peer, TrustBundle anchor, SpiffeId expected, Clock clock) {
    this.peer = peer;
    this.anchor = anchor;
    this.expected = expected;
    this.clock = clock;
  }

  /**
   * Trusts the server that presents {@code expected}, verified against {@code anchor}.
   *
   * @param peer what the server is, for messages ("trust server", "bundle endpoint")
   */
  public static PinnedServerTrust of(
      String peer, TrustBundle anchor, SpiffeId expected, Clock clock) {
    return new PinnedServerTrust(peer, anchor, expected, clock);
  }

  /**
   * Trusts any server, logging a warning on every handshake: trust on first use, for operators who
   * chose it explicitly.
   */
  public static PinnedServerTrust insecure(String peer, SpiffeId expected, Clock clock) {
    return new PinnedServerTrust(peer, null, expected, clock);
  }

  /** The chain of the last server accepted, or null. */
  public List<X509Certificate> acceptedChain() {
    return accepted.get();
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    if (anchor == null) {
      log.warn("insecure bootstrap: trusting the {}'s certificate without verification", peer);
      accepted.set(List.of(chain));
      return;
    }
    SpiffeId presented;
    try {
      presented = X509SvidVerifier.verify(List.of(chain), BundleSet.of(anchor), clock.instant());
    } catch (SvidException e) {
      throw new CertificateException(peer + ": " + e.getMessage(), e);
    }
    if (!presented.equals(expected)) {
      throw new CertificateException(
          peer + " presented " + presented + " (expected: " + expected + ")");
    }
    accepted.set(List.of(chain));
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
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("a client's trust in the " + peer + " does not accept clients");
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
