package dev.weft.identity.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The one escaper for untrusted text in messages: what it escapes, keeps and cuts. */
class QuotesTest {

  @Test
  void quotesAValueAndEscapesQuotesAndBackslashes() {
    assertThat(Quotes.of("spiffe://example.org/a", 80)).isEqualTo("\"spiffe://example.org/a\"");
    assertThat(Quotes.of("a\"b\\c", 80)).isEqualTo("\"a\\\"b\\\\c\"");
  }

  @Test
  void quotedTextEscapesControlAndNonAsciiCharacters() {
    assertThat(Quotes.of("a\nb\u007fc\u00fcd\u2028e", 80))
        .isEqualTo("\"a\\u000ab\\u007fc\\u00fcd\\u2028e\"");
  }

  @Test
  void quotedTextIsCutToTheBoundWithAnEllipsis() {
    assertThat(Quotes.of("abcdef", 3)).isEqualTo("\"abc...\"");
    assertThat(Quotes.of("abc", 3)).isEqualTo("\"abc\"");
    assertThat(Quotes.of("x".repeat(81))).isEqualTo("\"" + "x".repeat(80) + "...\"");
  }

  @Test
  void listsShowABoundedNumberOfValues() {
    assertThat(Quotes.all(List.of("a", "b\n", "c"), 80, 2))
        .isEqualTo("[\"a\", \"b\\u000a\", ... (3 in all)]");
    assertThat(Quotes.all(List.of(), 80, 2)).isEqualTo("[]");
  }

  @Test
  void escapedTextKeepsQuotesAndNonAsciiButNotControlCharacters() {
    assertThat(Quotes.escape("müssen \"x\"\r\nlevel=ERROR\u007f", 80))
        .isEqualTo("müssen \"x\"\\u000d\\u000alevel=ERROR\\u007f");
  }

  @Test
  void escapedTextIsCutWithoutSplittingACharacter() {
    assertThat(Quotes.escape("abcdef", 4)).isEqualTo("abcd...");
    assertThat(Quotes.escape("ab\uD83D\uDE00cd", 3)).isEqualTo("ab...");
    assertThat(Quotes.escape("ab\uD83D\uDE00cd", 4)).isEqualTo("ab\uD83D\uDE00...");
  }
}
