package dev.weft.identity.pem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.testing.Keys;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.stream.Stream;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Pem} private keys: PKCS#8 round trips, refused formats with hints, no key in errors. */
class PemPrivateKeyTest {
  private static final KeyPair EC = Keys.ec256();

  static Stream<KeyPair> keyPairs() throws Exception {
    return Stream.of(
        Keys.ec256(),
        Keys.ec384(),
        Keys.rsa2048(),
        KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
  }

  @ParameterizedTest
  @MethodSource("keyPairs")
  void pkcs8RoundTrip(KeyPair pair) throws Exception {
    String pem = Pem.writePrivateKey(pair.getPrivate());

    assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n");
    PrivateKey parsed = Pem.parsePrivateKey(pem);
    assertThat(parsed.getEncoded()).isEqualTo(pair.getPrivate().getEncoded());
    assertThat(Pem.parsePkcs8(pair.getPrivate().getEncoded()).getEncoded())
        .isEqualTo(pair.getPrivate().getEncoded());
  }

  @Test
  void keyNextToCertificatesIsFound() throws Exception {
    var cert = dev.weft.testing.CertBuilder.selfSignedCa("td").keyPair(EC).build().cert();
    String pem =
        Pem.writeCertificates(java.util.List.of(cert)) + Pem.writePrivateKey(EC.getPrivate());

    assertThat(Pem.parsePrivateKey(pem).getEncoded()).isEqualTo(EC.getPrivate().getEncoded());
  }

  @Test
  void sec1EcKeyGivesTheConversionHintAndNoKeyMaterial() throws Exception {
    byte[] sec1 =
        PrivateKeyInfo.getInstance(EC.getPrivate().getEncoded())
            .parsePrivateKey()
            .toASN1Primitive()
            .getEncoded();
    String body = Base64.getMimeEncoder().encodeToString(sec1);
    String pem = "-----BEGIN EC PRIVATE KEY-----\n" + body + "\n-----END EC PRIVATE KEY-----\n";

    assertThatThrownBy(() -> Pem.parsePrivateKey(pem))
        .isInstanceOf(GeneralSecurityException.class)
        .hasMessage(
            "PEM: \"EC PRIVATE KEY\" (SEC1) is not supported (expected: PKCS#8 \"PRIVATE KEY\";"
                + " convert with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem)");
    assertNoKeyMaterial(pem, body);
  }

  @Test
  void sec1ParametersBlockBeforeTheKeyDoesNotHideTheHint() {
    String pem =
        "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
            + "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n";

    assertThatThrownBy(() -> Pem.parsePrivateKey(pem))
        .hasMessageStartingWith("PEM: \"EC PRIVATE KEY\" (SEC1) is not supported");
  }

  @Test
  void pkcs1RsaKeyGivesTheConversionHint() {
    String pem = "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n";

    assertThatThrownBy(() -> Pem.parsePrivateKey(pem))
        .hasMessage(
            "PEM: \"RSA PRIVATE KEY\" (PKCS#1) is not supported (expected: PKCS#8 \"PRIVATE KEY\";"
                + " convert with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem)");
  }

  @Test
  void encryptedKeyGivesTheDecryptHint() {
    String pem =
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n";

    assertThatThrownBy(() -> Pem.parsePrivateKey(pem))
        .hasMessage(
            "PEM: \"ENCRYPTED PRIVATE KEY\" is not supported (expected: an unencrypted PKCS#8"
                + " \"PRIVATE KEY\"; decrypt with: openssl pkcs8 -in key.pem -out key-pkcs8.pem)");
  }

  @Test
  void otherKeyFormatIsNamed() {
    String pem = "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n";

    assertThatThrownBy(() -> Pem.parsePrivateKey(pem))
        .hasMessage(
            "PEM: \"OPENSSH PRIVATE KEY\" is not supported (expected: PKCS#8 \"PRIVATE KEY\")");
  }

  @Test
  void noKeyBlock() {
    assertThatThrownBy(() -> Pem.parsePrivateKey("nothing here"))
        .isInstanceOf(GeneralSecurityException.class)
        .hasMessage("PEM: no PRIVATE KEY block found");
    assertThatThrownBy(() -> Pem.parsePrivateKey("-----BEGIN PRIVATE KEY-----\nAAAA\n"))
        .hasMessage("PEM: no PRIVATE KEY block found");
  }

  @Test
  void twoKeyBlocksAreAmbiguous() {
    String one = Pem.writePrivateKey(EC.getPrivate());

    assertThatThrownBy(() -> Pem.parsePrivateKey(one + one))
        .hasMessage("PEM: 2 PRIVATE KEY blocks (expected: exactly 1)");
  }

  @Test
  void badBase64GivesNoKeyMaterial() {
    String good = Pem.writePrivateKey(EC.getPrivate());
    String body = good.lines().filter(l -> !l.startsWith("-----")).reduce("", String::concat);
    int at = good.indexOf('\n') + 11; // a character in the first line of the body
    String bad = good.substring(0, at) + "!" + good.substring(at + 1);

    assertThatThrownBy(() -> Pem.parsePrivateKey(bad))
        .isInstanceOf(GeneralSecurityException.class)
        .hasMessage("PEM: private key is not valid base64");
    assertNoKeyMaterial(bad, body);
  }

  @Test
  void base64ThatIsNotAKey() {
    byte[] der = new byte[] {0x30, 0x03, 0x02, 0x01, 0x00};
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getEncoder().encodeToString(der)
            + "\n-----END PRIVATE KEY-----\n";

    assertThatThrownBy(() -> Pem.parsePrivateKey(pem))
        .hasMessage("private key: not a PKCS#8 EC, RSA or Ed25519 key (5 bytes)");
  }

  @Test
  void truncatedPkcs8GivesNoKeyMaterial() {
    byte[] full = EC.getPrivate().getEncoded();
    byte[] cut = java.util.Arrays.copyOf(full, full.length - 4);

    assertThatThrownBy(() -> Pem.parsePkcs8(cut))
        .hasMessage("private key: not a PKCS#8 EC, RSA or Ed25519 key (" + cut.length + " bytes)")
        .hasNoCause();
  }

  /** Neither the message nor any cause's message holds a run of 12 characters of the body. */
  private static void assertNoKeyMaterial(String pem, String body) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> Pem.parsePrivateKey(pem));
    String compact = body.replace("\n", "").replace("\r", "");
    for (Throwable c = t; c != null; c = c.getCause()) {
      String message = String.valueOf(c.getMessage());
      for (int i = 0; i + 12 <= compact.length(); i += 6) {
        assertThat(message).doesNotContain(compact.substring(i, i + 12));
      }
    }
  }
}
