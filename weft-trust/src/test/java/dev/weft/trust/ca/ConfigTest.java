package dev.weft.trust.ca;

import static dev.weft.trust.ca.CaTesting.TD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigTest {

  @Test
  void defaults() {
    CaConfig config = CaConfig.defaults(TD);
    assertThat(config.caTtl()).isEqualTo(Duration.ofHours(24));
    assertThat(config.defaultX509SvidTtl()).isEqualTo(Duration.ofHours(1));
    assertThat(config.defaultJwtSvidTtl()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.keyType()).isEqualTo(KeyType.EC_P256);
    assertThat(config.subject()).isEqualTo(CaSubject.parse("O=Weft"));
    assertThat(config.upstream()).isEmpty();
  }

  @Test
  void invalidValuesAreRejectedNamingTheField() {
    Duration h = Duration.ofHours(1);
    assertInvalid(
        () ->
            new CaConfig(
                TD, Duration.ZERO, h, h, KeyType.EC_P256, CaSubject.DEFAULT, Optional.empty()),
        "caTtl: PT0S (expected: > 0)");
    assertInvalid(
        () ->
            new CaConfig(
                TD,
                h,
                Duration.ofSeconds(-1),
                h,
                KeyType.EC_P256,
                CaSubject.DEFAULT,
                Optional.empty()),
        "defaultX509SvidTtl: PT-1S (expected: > 0)");
    assertInvalid(
        () ->
            new CaConfig(
                TD,
                h,
                h.dividedBy(2),
                Duration.ZERO,
                KeyType.EC_P256,
                CaSubject.DEFAULT,
                Optional.empty()),
        "defaultJwtSvidTtl: PT0S (expected: > 0)");
    assertInvalid(
        () -> CaConfig.defaults(TD).withCaTtl(Duration.ofHours(1)),
        "defaultX509SvidTtl: PT1H (expected: < caTtl PT1H)");
  }

  @Test
  void keyTypesParseFromConfigurationNames() {
    assertThat(KeyType.parse("ec-p256")).isEqualTo(KeyType.EC_P256);
    assertThat(KeyType.parse("EC-P384")).isEqualTo(KeyType.EC_P384);
    assertThat(KeyType.parse("rsa-2048")).isEqualTo(KeyType.RSA_2048);
    assertThat(KeyType.RSA_2048.configName()).isEqualTo("rsa-2048");
    assertInvalid(
        () -> KeyType.parse("ed25519"),
        "key type: \"ed25519\" (expected: ec-p256, ec-p384 or rsa-2048)");
    assertInvalid(
        () -> KeyType.parse(null), "key type: null (expected: ec-p256, ec-p384 or rsa-2048)");
  }

  private static void assertInvalid(Runnable action, String message) {
    assertThatThrownBy(action::run)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
