package dev.weft.identity.spiffeid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every character from U+0000 to U+00FF in the trust domain and in the path, as go-spiffe's
 * spiffeid tests do: the allowed ones parse, every other one is rejected with the rule that names
 * it. A few characters outside Latin-1 (a surrogate pair, a full-width letter) too.
 */
class SpiffeIdCharacterSweepTest {

  static Stream<Character> characters() {
    return Stream.concat(
        IntStream.range(0, 256).filter(c -> c != '/').mapToObj(c -> (char) c),
        Stream.of('\uff21', '\ud83e', '\u2028'));
  }

  static boolean trustDomainChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
  }

  static boolean pathChar(char c) {
    return trustDomainChar(c) || (c >= 'A' && c <= 'Z');
  }

  @ParameterizedTest
  @MethodSource("characters")
  void trustDomainCharacter(char c) {
    String input = "spiffe://trustdomain" + c + "/path";
    if (trustDomainChar(c)) {
      SpiffeId id = SpiffeId.parse(input);
      assertThat(id.trustDomain().name()).isEqualTo("trustdomain" + c);
      assertThat(id.path()).isEqualTo("/path");
      assertThat(TrustDomain.parse("trustdomain" + c).name()).isEqualTo("trustdomain" + c);
      return;
    }
    SpiffeIdRule expected =
        switch (c) {
          case ':' -> SpiffeIdRule.PORT;
          case '@' -> SpiffeIdRule.USER_INFO;
          case '?' -> SpiffeIdRule.QUERY;
          case '#' -> SpiffeIdRule.FRAGMENT;
          case '%' -> SpiffeIdRule.PERCENT_ENCODING;
          default -> SpiffeIdRule.TRUST_DOMAIN_CHARACTERS;
        };
    assertRule(() -> SpiffeId.parse(input), expected);
    assertRule(() -> TrustDomain.parse("trustdomain" + c), expected);
  }

  @ParameterizedTest
  @MethodSource("characters")
  void pathCharacter(char c) {
    String input = "spiffe://trustdomain/path" + c;
    if (pathChar(c)) {
      assertThat(SpiffeId.parse(input).path()).isEqualTo("/path" + c);
      assertThat(SpiffeId.of(TrustDomain.parse("trustdomain"), "path" + c).toString())
          .isEqualTo(input);
      return;
    }
    SpiffeIdRule expected =
        switch (c) {
          case '?' -> SpiffeIdRule.QUERY;
          case '#' -> SpiffeIdRule.FRAGMENT;
          case '%' -> SpiffeIdRule.PERCENT_ENCODING;
          default -> SpiffeIdRule.PATH_CHARACTERS;
        };
    assertRule(() -> SpiffeId.parse(input), expected);
    assertRule(() -> SpiffeId.of(TrustDomain.parse("trustdomain"), "path" + c), expected);
  }

  private static void assertRule(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, SpiffeIdRule rule) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            InvalidSpiffeIdException.class, e -> assertThat(e.rule()).isEqualTo(rule))
        .hasMessageEndingWith(": " + rule.description());
  }
}
