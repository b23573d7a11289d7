package dev.weft.identity.spiffeid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The message of {@link InvalidSpiffeIdException}: quoted, escaped, cut to 80 characters. */
class InvalidSpiffeIdExceptionTest {

  @Test
  void controlAndNonAsciiCharactersAreEscapedSoTheyCannotForgeLogLines() {
    String input = "spiffe://td/a\nINFO forged line";

    assertThatThrownBy(() -> SpiffeId.parse(input))
        .hasMessage(
            "invalid SPIFFE ID \"spiffe://td/a\\u000aINFO forged line\": path segments may contain"
                + " only letters, digits, '.', '-' and '_'")
        .message()
        .doesNotContain("\n");
  }

  @Test
  void quotesAndBackslashesAreEscaped() {
    assertThatThrownBy(() -> SpiffeId.parse("spiffe://td/\"\\\u00e9"))
        .hasMessage(
            "invalid SPIFFE ID \"spiffe://td/\\\"\\\\\\u00e9\": path segments may contain only"
                + " letters, digits, '.', '-' and '_'");
  }

  @Test
  void longInputIsCutTo80Characters() {
    String input = "spiffe://td/" + "a".repeat(100) + "$";

    assertThatThrownBy(() -> SpiffeId.parse(input))
        .hasMessage(
            "invalid SPIFFE ID \"spiffe://td/"
                + "a".repeat(68)
                + "...\": path segments may"
                + " contain only letters, digits, '.', '-' and '_'");
  }

  @Test
  void isAnIllegalArgumentException() {
    assertThatThrownBy(() -> SpiffeId.parse("x"))
        .isInstanceOf(IllegalArgumentException.class)
        .isInstanceOfSatisfying(
            InvalidSpiffeIdException.class,
            e -> assertThat(e.rule()).isEqualTo(SpiffeIdRule.SCHEME));
  }
}
