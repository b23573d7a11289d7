package dev.weft.trust.server;

import com.google.protobuf.ByteString;
import dev.weft.identity.pem.Pem;
import java.net.InetSocketAddress;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** Certificate checks that involve no SPIFFE code of ours: the JDK's PKIX validator and TLS. */
public final class Certificates {
  private Certificates() {}

  /** The DER chain of a Workload API answer as certificates. */
  public static List<X509Certificate> chain(ByteString der) throws Exception {
    return Pem.parseDerCertificates(der.toByteArray());
  }

  /**
   * Verifies {@code chain} with the JDK's PKIX validator against {@code roots} at {@code at}.
   *
   * @return the root the chain verified against
   * @throws java.security.GeneralSecurityException if it does not verify
   */
  public static X509Certificate verifyPkix(
      List<X509Certificate> chain, Collection<X509Certificate> roots, Instant at) throws Exception {
    Set<TrustAnchor> anchors = new HashSet<>();
    for (X509Certificate root : roots) {
      anchors.add(new TrustAnchor(root, null));
    }
    PKIXParameters parameters = new PKIXParameters(anchors);
    parameters.setRevocationEnabled(false);
    parameters.setDate(Date.from(at));
    var path = CertificateFactory.getInstance("X.509").generateCertPath(chain);
    var result =
        (PKIXCertPathValidatorResult)
            CertPathValidator.getInstance("PKIX").validate(path, parameters);
    return result.getTrustAnchor().getTrustedCert();
  }

  /** The leaf certificate a TLS server presents, read with a handshake that verifies nothing. */
  public static X509Certificate presentedBy(InetSocketAddress address, Duration timeout)
      throws Exception {
    X509Certificate[][] presented = new X509Certificate[1][];
    X509TrustManager recorder =
        new X509TrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("a client only");
          }

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType) {
            presented[0] = chain;
          }

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {recorder}, null);
    try (var socket =
        (SSLSocket)
            context.getSocketFactory().createSocket(address.getAddress(), address.getPort())) {
      socket.setSoTimeout((int) timeout.toMillis());
      socket.startHandshake();
    }
    return presented[0][0];
  }
}
