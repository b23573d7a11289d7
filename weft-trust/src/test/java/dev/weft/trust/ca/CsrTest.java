package dev.weft.trust.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.testing.Keys;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;

class CsrTest {

  @Test
  void roundTripForEverySupportedKey() throws Exception {
    for (KeyPair pair :
        List.of(Keys.ec256(), Keys.ec384(), Keys.rsa2048(), IssuanceTest.rsa(4096))) {
      byte[] der = Csr.create(pair);
      assertThat(Csr.verifiedPublicKey(der)).isEqualTo(pair.getPublic());
    }
  }

  @Test
  void aCsrSignedByAnotherKeyIsRejected() throws Exception {
    KeyPair victim = Keys.ec256();
    KeyPair attacker = Keys.ec256();
    byte[] forged =
        new PKCS10CertificationRequestBuilder(
                new X500Name("CN=forged"),
                SubjectPublicKeyInfo.getInstance(victim.getPublic().getEncoded()))
            .build(new JcaContentSignerBuilder("SHA256withECDSA").build(attacker.getPrivate()))
            .getEncoded();
    assertThatThrownBy(() -> Csr.verifiedPublicKey(forged))
        .isInstanceOf(CaException.class)
        .hasMessage(
            "CSR: signature does not verify (the request is not signed by the key it carries)");
  }

  @Test
  void aTamperedCsrIsRejected() throws Exception {
    byte[] der = Csr.create(Keys.ec256());
    byte[] tampered = Arrays.copyOf(der, der.length);
    tampered[tampered.length - 5] ^= 0x01;
    assertThatThrownBy(() -> Csr.verifiedPublicKey(tampered)).isInstanceOf(CaException.class);
    byte[] trailing = Arrays.copyOf(der, der.length + 1);
    assertThatThrownBy(() -> Csr.verifiedPublicKey(trailing))
        .isInstanceOf(CaException.class)
        .hasMessage("CSR: not a DER PKCS#10 request (" + trailing.length + " bytes)");
  }

  @Test
  void smallRsaAndUnsupportedCurvesAreRejected() throws Exception {
    KeyPair small = IssuanceTest.rsa(1024);
    byte[] smallCsr = selfSigned(small, "SHA256withRSA");
    assertThatThrownBy(() -> Csr.verifiedPublicKey(smallCsr))
        .isInstanceOf(CaException.class)
        .hasMessage(
            "CSR: public key: RSA 1024 bits (expected: EC P-256, EC P-384 or RSA of 2048 to 8192 bits)");
    KeyPair p521 = IssuanceTest.ec("secp521r1");
    byte[] p521Csr = selfSigned(p521, "SHA512withECDSA");
    assertThatThrownBy(() -> Csr.verifiedPublicKey(p521Csr))
        .isInstanceOf(CaException.class)
        .hasMessage(
            "CSR: public key: EC 521 bits (not P-256/P-384) (expected: EC P-256, EC P-384 or RSA of"
                + " 2048 to 8192 bits)");
    assertThatThrownBy(() -> Csr.create(small))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "public key: RSA 1024 bits (expected: EC P-256, EC P-384 or RSA of 2048 to 8192 bits)");
  }

  @Test
  void weakSignatureAlgorithmsAreRejected() throws Exception {
    byte[] sha1 = selfSigned(Keys.rsa2048(), "SHA1withRSA");
    assertThatThrownBy(() -> Csr.verifiedPublicKey(sha1))
        .isInstanceOf(CaException.class)
        .hasMessage(
            "CSR: signature algorithm 1.2.840.113549.1.1.5 (expected: ECDSA or RSA PKCS#1 v1.5 with"
                + " SHA-256, SHA-384 or SHA-512)");
  }

  @Test
  void garbageIsRejected() {
    assertThatThrownBy(() -> Csr.verifiedPublicKey(new byte[0]))
        .isInstanceOf(CaException.class)
        .hasMessage("CSR: empty (expected: a DER PKCS#10 request)");
    assertThatThrownBy(() -> Csr.verifiedPublicKey(new byte[] {0x30, 0x03, 0x02, 0x01, 0x00}))
        .isInstanceOf(CaException.class)
        .hasMessage("CSR: not a DER PKCS#10 request (5 bytes)");
  }

  private static byte[] selfSigned(KeyPair pair, String algorithm) throws Exception {
    return new PKCS10CertificationRequestBuilder(
            new X500Name("CN=test"),
            SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded()))
        .build(new JcaContentSignerBuilder(algorithm).build(pair.getPrivate()))
        .getEncoded();
  }
}
