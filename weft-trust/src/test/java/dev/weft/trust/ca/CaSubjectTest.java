package dev.weft.trust.ca;

import static dev.weft.trust.ca.CaTesting.TD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A subject that parses is one the CA mints its certificate with; anything else says why not. */
class CaSubjectTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "O=Weft",
        "C=US,O=Example,CN=Example CA",
        "O=Example, C=DE",
        "CN=a+O=b",
        "E=ca@example.org",
        "1.2.3.4=x",
        "O=\"Weft, Inc.\""
      })
  void aSubjectThatParsesIsTheSubjectOfTheMintedCa(String text) throws Exception {
    CaSubject subject = CaSubject.parse(text);
    CaConfig config =
        new CaConfig(
            TD,
            CaConfig.DEFAULT_CA_TTL,
            CaConfig.DEFAULT_X509_SVID_TTL,
            CaConfig.DEFAULT_JWT_SVID_TTL,
            KeyType.EC_P256,
            subject,
            Optional.empty());

    X509Certificate ca =
        CaCertificates.mint(config, KeyMaterial.generate(KeyType.EC_P256), Instant.now());

    assertThat(ca.getSubjectX500Principal())
        .isEqualTo(new X500Principal(new X500Name(text).getEncoded()));
    assertThat(subject).hasToString(text).isEqualTo(CaSubject.parse(text));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @CsvSource(
      delimiter = '|',
      value = {
        "C=USA| country code attribute 2.5.4.6 must be exactly 2 characters per ISO 3166-1 / X.520,"
            + " got 3: 'USA'",
        "not a name| badly formatted directory string",
        "O=Weft,FOO=bar| Unknown object id - FOO - passed to distinguished name",
        "' '| badly formatted directory string",
        "''| no attribute",
      })
  void anythingElseIsRefusedWithTheReason(String text, String reason) {
    assertThatThrownBy(() -> CaSubject.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "subject: \"" + text + "\" (expected: an X.500 name such as O=Weft; " + reason + ")");
  }

  @Test
  void theDefaultIsOWeft() {
    assertThat(CaSubject.DEFAULT).hasToString("O=Weft");
    assertThat(CaConfig.defaults(TD).subject()).isEqualTo(CaSubject.DEFAULT);
  }
}
