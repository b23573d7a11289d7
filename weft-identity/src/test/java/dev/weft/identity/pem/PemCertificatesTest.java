package dev.weft.identity.pem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.testing.CertBuilder;
import dev.weft.testing.CertBuilder.Issued;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Pem} certificates: round trips, other blocks, and every error. */
class PemCertificatesTest {
  private static final Issued ROOT = CertBuilder.selfSignedCa("example.org").build();
  private static final Issued LEAF =
      CertBuilder.svid("spiffe://example.org/web").issuer(ROOT).build();

  @Test
  void writeThenParseGivesTheSameCertificatesInOrder() throws Exception {
    List<X509Certificate> chain = List.of(LEAF.cert(), ROOT.cert());

    String pem = Pem.writeCertificates(chain);

    assertThat(pem)
        .startsWith("-----BEGIN CERTIFICATE-----\n")
        .endsWith("-----END CERTIFICATE-----\n");
    assertThat(pem.lines().filter(l -> !l.startsWith("-----"))).allMatch(l -> l.length() <= 64);
    assertThat(Pem.parseCertificates(pem)).containsExactly(LEAF.cert(), ROOT.cert());
  }

  @Test
  void skipsOtherBlocksAndSurroundingText() throws Exception {
    String pem =
        "subject=CN=whatever\r\n"
            + Pem.writePrivateKey(LEAF.privateKey())
            + "-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n"
            + Pem.writeCertificates(List.of(LEAF.cert())).replace("\n", "\r\n")
            + "trailing words";

    assertThat(Pem.parseCertificates(pem)).containsExactly(LEAF.cert());
  }

  @Test
  void noCertificateBlock() {
    assertThatThrownBy(() -> Pem.parseCertificates("hello"))
        .isInstanceOf(CertificateException.class)
        .hasMessage("PEM: no CERTIFICATE block found");
    assertThatThrownBy(() -> Pem.parseCertificates(""))
        .hasMessage("PEM: no CERTIFICATE block found");
    assertThatThrownBy(() -> Pem.parseCertificates("-----BEGIN CERTIFICATE-----\nAAAA\n"))
        .hasMessage("PEM: no CERTIFICATE block found");
    assertThatThrownBy(
            () ->
                Pem.parseCertificates(
                    "-----BEGIN CERTIFICATE-----\nAAAA\n-----END PRIVATE KEY-----\n"))
        .hasMessage("PEM: no CERTIFICATE block found");
  }

  @Test
  void badBase64NamesTheCertificate() {
    String good = Pem.writeCertificates(List.of(ROOT.cert()));
    String bad = "-----BEGIN CERTIFICATE-----\nMII!!notbase64\n-----END CERTIFICATE-----\n";

    assertThatThrownBy(() -> Pem.parseCertificates(good + bad))
        .isInstanceOf(CertificateException.class)
        .hasMessage("PEM: certificate 1 is not valid base64");
    assertThatThrownBy(() -> Pem.parseCertificates(bad.replace("MII!!notbase64", "QUJD=")))
        .hasMessage("PEM: certificate 0 is not valid base64");
    assertThatThrownBy(() -> Pem.parseCertificates(bad.replace("MII!!notbase64\n", "")))
        .hasMessage("PEM: certificate 0 is not valid base64");
  }

  @Test
  void base64ThatIsNotACertificate() {
    // SEQUENCE { INTEGER 1 }: DER, but not a certificate.
    String body = Base64.getEncoder().encodeToString(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01});
    String pem = "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n";

    assertThatThrownBy(() -> Pem.parseCertificates(pem))
        .isInstanceOf(CertificateException.class)
        .hasMessageStartingWith("PEM: certificate 0 does not parse: ")
        .hasCauseInstanceOf(CertificateException.class);
  }

  @Test
  void certificateWithTrailingBytesInsideTheBlockIsRejected() throws Exception {
    byte[] der = ROOT.cert().getEncoded();
    byte[] padded = java.util.Arrays.copyOf(der, der.length + 2);
    String pem =
        "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder().encodeToString(padded)
            + "\n-----END CERTIFICATE-----\n";

    assertThatThrownBy(() -> Pem.parseCertificates(pem))
        .hasMessage(
            "PEM: certificate 0 is not exactly one DER certificate (" + padded.length + " bytes)");
  }
}
