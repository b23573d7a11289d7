package dev.weft.identity.spiffeid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link SpiffeId#parse}: every rule of the SPIFFE ID standard, with its exact message. */
class SpiffeIdParseTest {

  static void assertInvalid(String input, SpiffeIdRule rule, String message) {
    assertThatThrownBy(() -> SpiffeId.parse(input))
        .isInstanceOfSatisfying(
            InvalidSpiffeIdException.class, e -> assertThat(e.rule()).isEqualTo(rule))
        .hasMessage(message);
  }

  @Test
  void parsesTrustDomainAndPath() {
    SpiffeId id = SpiffeId.parse("spiffe://example.org/ns/prod/sa/web");

    assertThat(id.trustDomain()).isEqualTo(TrustDomain.parse("example.org"));
    assertThat(id.path()).isEqualTo("/ns/prod/sa/web");
    assertThat(id.segments()).containsExactly("ns", "prod", "sa", "web");
    assertThat(id).hasToString("spiffe://example.org/ns/prod/sa/web");
  }

  @Test
  void trustDomainOnlyIdHasEmptyPath() {
    SpiffeId id = SpiffeId.parse("spiffe://example.org");

    assertThat(id.path()).isEmpty();
    assertThat(id.segments()).isEmpty();
    assertThat(id).hasToString("spiffe://example.org");
    assertThat(id.trustDomain().name()).isEqualTo("example.org");
  }

  @Test
  void pathIsCaseSensitiveAndMayHoldUppercase() {
    SpiffeId upper = SpiffeId.parse("spiffe://example.org/Web/API");

    assertThat(upper.path()).isEqualTo("/Web/API");
    assertThat(upper).isNotEqualTo(SpiffeId.parse("spiffe://example.org/web/api"));
  }

  @ParameterizedTest
  @CsvSource({
    "spiffe://a/b",
    "spiffe://192.168.1.1/x",
    "spiffe://under_score-dash.0/x",
    "spiffe://example.org/.path",
    "spiffe://example.org/..path",
    "spiffe://example.org/...",
    "spiffe://example.org/a.b-c_D9",
  })
  void acceptsValidEdgeCases(String input) {
    assertThat(SpiffeId.parse(input)).hasToString(input);
  }

  @Test
  void acceptsIdOfExactly2048Bytes() {
    String td = "a".repeat(255);
    String prefix = "spiffe://" + td;
    String path = pathOfLength(2048 - prefix.length());
    String input = prefix + path;
    assertThat(input).hasSize(2048);

    SpiffeId id = SpiffeId.parse(input);

    assertThat(id.trustDomain().name()).hasSize(255);
    assertThat(id.toString()).hasSize(2048);
  }

  @Test
  void rejectsIdOf2049Bytes() {
    String prefix = "spiffe://" + "a".repeat(255);
    String input = prefix + pathOfLength(2049 - prefix.length());
    assertThat(input).hasSize(2049);

    assertInvalid(
        input,
        SpiffeIdRule.TOO_LONG,
        "invalid SPIFFE ID \"spiffe://" + "a".repeat(71) + "...\": is longer than 2048 bytes");
  }

  @Test
  void countsBytesNotCharacters() {
    // 2047 ASCII characters plus one two-byte character: 2048 chars, 2049 bytes.
    String input = "spiffe://example.org/" + "a".repeat(2048 - 22) + "\u00e9";
    assertThat(input).hasSize(2048);

    assertThatThrownBy(() -> SpiffeId.parse(input))
        .isInstanceOfSatisfying(
            InvalidSpiffeIdException.class,
            e -> assertThat(e.rule()).isEqualTo(SpiffeIdRule.TOO_LONG));
  }

  @Test
  void acceptsTrustDomainOfExactly255Bytes() {
    String td = "x".repeat(255);

    assertThat(SpiffeId.parse("spiffe://" + td + "/w").trustDomain().name()).isEqualTo(td);
  }

  @Test
  void rejectsTrustDomainOf256Bytes() {
    String input = "spiffe://" + "x".repeat(256) + "/w";

    assertInvalid(
        input,
        SpiffeIdRule.TRUST_DOMAIN_TOO_LONG,
        "invalid SPIFFE ID \"spiffe://"
            + "x".repeat(71)
            + "...\": trust domain is longer than"
            + " 255 bytes");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "``                          | EMPTY                   | is empty",
        "example.org/web             | SCHEME                  | scheme must be \"spiffe\" (expected: spiffe://<trust-domain>/<path>)",
        "SPIFFE://example.org/web    | SCHEME                  | scheme must be \"spiffe\" (expected: spiffe://<trust-domain>/<path>)",
        "Spiffe://example.org/web    | SCHEME                  | scheme must be \"spiffe\" (expected: spiffe://<trust-domain>/<path>)",
        "https://example.org/web     | SCHEME                  | scheme must be \"spiffe\" (expected: spiffe://<trust-domain>/<path>)",
        "spiffe:/example.org/web     | SCHEME                  | scheme must be \"spiffe\" (expected: spiffe://<trust-domain>/<path>)",
        "spiffe://                   | MISSING_TRUST_DOMAIN    | trust domain is missing",
        "spiffe:///web               | MISSING_TRUST_DOMAIN    | trust domain is missing",
        "spiffe://Example.org/web    | TRUST_DOMAIN_CHARACTERS | trust domain may contain only lowercase letters, digits, '.', '-' and '_'",
        "spiffe://exa$mple.org/web   | TRUST_DOMAIN_CHARACTERS | trust domain may contain only lowercase letters, digits, '.', '-' and '_'",
        "spiffe://[::1]/web          | TRUST_DOMAIN_CHARACTERS | trust domain may contain only lowercase letters, digits, '.', '-' and '_'",
        "spiffe://example.org:8443/w | PORT                    | a port is not allowed",
        "spiffe://example.org:/w     | PORT                    | a port is not allowed",
        "spiffe://user@example.org/w | USER_INFO               | user info is not allowed",
        "spiffe://u:pw@example.org/w | USER_INFO               | user info is not allowed",
        "spiffe://example.org?x=1    | QUERY                   | a query is not allowed",
        "spiffe://example.org/w?x=1  | QUERY                   | a query is not allowed",
        "spiffe://example.org/w?     | QUERY                   | a query is not allowed",
        "spiffe://example.org#top    | FRAGMENT                | a fragment is not allowed",
        "spiffe://example.org/w#top  | FRAGMENT                | a fragment is not allowed",
        "spiffe://%62%61%64/w        | PERCENT_ENCODING        | percent-encoding is not allowed",
        "spiffe://example.org/%62    | PERCENT_ENCODING        | percent-encoding is not allowed",
        "spiffe://example.org/a%2Fb  | PERCENT_ENCODING        | percent-encoding is not allowed",
        "spiffe://example.org//      | EMPTY_SEGMENT           | path segments may not be empty",
        "spiffe://example.org//w     | EMPTY_SEGMENT           | path segments may not be empty",
        "spiffe://example.org/a//b   | EMPTY_SEGMENT           | path segments may not be empty",
        "spiffe://example.org/.      | DOT_SEGMENT             | path segments may not be '.' or '..'",
        "spiffe://example.org/..     | DOT_SEGMENT             | path segments may not be '.' or '..'",
        "spiffe://example.org/a/./b  | DOT_SEGMENT             | path segments may not be '.' or '..'",
        "spiffe://example.org/a/../b | DOT_SEGMENT             | path segments may not be '.' or '..'",
        "spiffe://example.org/       | TRAILING_SLASH          | path may not end with '/'",
        "spiffe://example.org/web/   | TRAILING_SLASH          | path may not end with '/'",
        "spiffe://example.org/a b    | PATH_CHARACTERS         | path segments may contain only letters, digits, '.', '-' and '_'",
        "spiffe://example.org/w$     | PATH_CHARACTERS         | path segments may contain only letters, digits, '.', '-' and '_'",
        "spiffe://example.org/a:b    | PATH_CHARACTERS         | path segments may contain only letters, digits, '.', '-' and '_'",
        "spiffe://example.org/a@b    | PATH_CHARACTERS         | path segments may contain only letters, digits, '.', '-' and '_'",
        "spiffe://example.org/a+b    | PATH_CHARACTERS         | path segments may contain only letters, digits, '.', '-' and '_'",
      })
  void rejectsWithTheRuleBroken(String input, SpiffeIdRule rule, String description) {
    assertInvalid(input, rule, "invalid SPIFFE ID \"" + input + "\": " + description);
  }

  @Test
  void everyRuleHasADistinctDescription() {
    assertThat(java.util.Arrays.stream(SpiffeIdRule.values()).map(SpiffeIdRule::description))
        .doesNotHaveDuplicates()
        .allSatisfy(d -> assertThat(d).isNotBlank());
  }

  @Test
  void nullIsAProgrammingError() {
    assertThatThrownBy(() -> SpiffeId.parse(null))
        .isExactlyInstanceOf(NullPointerException.class)
        .hasMessage("input");
  }

  /** "/aaaa/aaaa/..." of exactly {@code length} characters, segments of at most 100. */
  static String pathOfLength(int length) {
    StringBuilder sb = new StringBuilder();
    while (sb.length() < length) {
      int room = length - sb.length();
      int segment = Math.min(100, room - 1);
      if (segment <= 0) {
        // No room for '/' plus a character: lengthen the previous segment instead.
        sb.append('b');
        continue;
      }
      sb.append('/').append("b".repeat(segment));
    }
    return sb.toString();
  }
}
