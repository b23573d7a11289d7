package dev.weft.identity.pem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.testing.CertBuilder;
import dev.weft.testing.CertBuilder.Issued;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Pem#parseDerCertificates} and {@link Pem#concatDer}: the Workload API's encoding. */
class PemDerTest {
  private static final Issued ROOT = CertBuilder.selfSignedCa("example.org").build();
  private static final Issued LEAF =
      CertBuilder.svid("spiffe://example.org/web").issuer(ROOT).build();

  @Test
  void concatenatedDerRoundTrips() throws Exception {
    byte[] der = Pem.concatDer(List.of(LEAF.cert(), ROOT.cert()));

    assertThat(der).hasSize(LEAF.cert().getEncoded().length + ROOT.cert().getEncoded().length);
    assertThat(Pem.parseDerCertificates(der)).containsExactly(LEAF.cert(), ROOT.cert());
    assertThat(Pem.parseDerCertificates(ROOT.cert().getEncoded())).containsExactly(ROOT.cert());
  }

  @Test
  void concatOfNothingIsEmpty() {
    assertThat(Pem.concatDer(List.of())).isEmpty();
  }

  @Test
  void emptyBytes() {
    assertThatThrownBy(() -> Pem.parseDerCertificates(new byte[0]))
        .isInstanceOf(CertificateException.class)
        .hasMessage("DER: no certificate (0 bytes)");
  }

  @Test
  void trailingBytesAfterTheLastCertificateAreRejected() throws Exception {
    byte[] der = ROOT.cert().getEncoded();
    byte[] withJunk = Arrays.copyOf(der, der.length + 3);
    withJunk[der.length] = 1;

    assertThatThrownBy(() -> Pem.parseDerCertificates(withJunk))
        .hasMessage(
            "DER: certificate 1 at byte "
                + der.length
                + " of "
                + withJunk.length
                + " is not a complete DER SEQUENCE (expected: concatenated DER certificates)");
  }

  @Test
  void truncatedCertificateIsRejected() throws Exception {
    byte[] der = Pem.concatDer(List.of(LEAF.cert(), ROOT.cert()));
    byte[] cut = Arrays.copyOf(der, der.length - 1);
    int second = LEAF.cert().getEncoded().length;

    assertThatThrownBy(() -> Pem.parseDerCertificates(cut))
        .hasMessage(
            "DER: certificate 1 at byte "
                + second
                + " of "
                + cut.length
                + " is not a complete DER SEQUENCE (expected: concatenated DER certificates)");
  }

  @Test
  void pemTextIsNotDer() throws Exception {
    byte[] pem = Pem.writeCertificates(List.of(ROOT.cert())).getBytes(StandardCharsets.US_ASCII);

    assertThatThrownBy(() -> Pem.parseDerCertificates(pem))
        .hasMessage(
            "DER: certificate 0 at byte 0 of "
                + pem.length
                + " is not a complete DER SEQUENCE (expected: concatenated DER certificates)");
  }

  @Test
  void indefiniteLengthIsRejected() {
    byte[] ber = {0x30, (byte) 0x80, 0x02, 0x01, 0x01, 0x00, 0x00};

    assertThatThrownBy(() -> Pem.parseDerCertificates(ber))
        .hasMessage(
            "DER: certificate 0 at byte 0 of 7 is not a complete DER SEQUENCE (expected:"
                + " concatenated DER certificates)");
  }

  @Test
  void wellFormedDerThatIsNotACertificate() {
    byte[] notACert = {0x30, 0x03, 0x02, 0x01, 0x01};

    assertThatThrownBy(() -> Pem.parseDerCertificates(notACert))
        .isInstanceOf(CertificateException.class)
        .hasMessageStartingWith("DER: certificate 0 does not parse: ")
        .hasCauseInstanceOf(CertificateException.class);
  }
}
