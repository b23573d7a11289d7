package dev.weft.identity.spiffeid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link SpiffeId#of}, equality, ordering and membership; go-spiffe's FromSegments cases. */
class SpiffeIdBuildTest {
  private static final TrustDomain TD = TrustDomain.parse("trustdomain");

  @Test
  void ofSegmentsBuildsThePath() {
    assertThat(SpiffeId.of(TD).toString()).isEqualTo("spiffe://trustdomain");
    assertThat(SpiffeId.of(TD, "foo").toString()).isEqualTo("spiffe://trustdomain/foo");
    assertThat(SpiffeId.of(TD, "foo", "Bar").segments()).containsExactly("foo", "Bar");
  }

  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "``   | EMPTY_SEGMENT   | path segments may not be empty",
        "/    | PATH_CHARACTERS | path segments may contain only letters, digits, '.', '-' and '_'",
        "/foo | PATH_CHARACTERS | path segments may contain only letters, digits, '.', '-' and '_'",
        "a/b  | PATH_CHARACTERS | path segments may contain only letters, digits, '.', '-' and '_'",
        "$    | PATH_CHARACTERS | path segments may contain only letters, digits, '.', '-' and '_'",
        ".    | DOT_SEGMENT     | path segments may not be '.' or '..'",
        "..   | DOT_SEGMENT     | path segments may not be '.' or '..'",
        "a?b  | QUERY           | a query is not allowed",
        "a#b  | FRAGMENT        | a fragment is not allowed",
        "a%2F | PERCENT_ENCODING | percent-encoding is not allowed",
      })
  void ofRejectsABadSegmentByItself(String segment, SpiffeIdRule rule, String description) {
    assertThatThrownBy(() -> SpiffeId.of(TD, "ok", segment))
        .isInstanceOfSatisfying(
            InvalidSpiffeIdException.class, e -> assertThat(e.rule()).isEqualTo(rule))
        .hasMessage("invalid path segment \"" + segment + "\": " + description);
  }

  @Test
  void ofRejectsAnIdOverTheLengthLimit() {
    String segment = "s".repeat(2048);

    assertThatThrownBy(() -> SpiffeId.of(TD, segment))
        .isInstanceOfSatisfying(
            InvalidSpiffeIdException.class,
            e -> assertThat(e.rule()).isEqualTo(SpiffeIdRule.TOO_LONG));
  }

  @Test
  void equalIdsAreEqualAndHashAlike() {
    SpiffeId a = SpiffeId.parse("spiffe://trustdomain/a/b");
    SpiffeId b = SpiffeId.of(TD, "a", "b");

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(SpiffeId.parse("spiffe://trustdomain/a"));
    assertThat(a).isNotEqualTo(SpiffeId.parse("spiffe://trustdomai/a/b"));
    assertThat(a).isNotEqualTo("spiffe://trustdomain/a/b");
  }

  @Test
  void ordersByUriString() {
    assertThat(SpiffeId.parse("spiffe://a/z")).isLessThan(SpiffeId.parse("spiffe://b/a"));
    assertThat(SpiffeId.parse("spiffe://a/a")).isLessThan(SpiffeId.parse("spiffe://a/a/b"));
  }

  @Test
  void membership() {
    SpiffeId id = SpiffeId.of(TD, "path", "element");

    assertThat(id.isMemberOf(TD)).isTrue();
    assertThat(SpiffeId.of(TD).isMemberOf(TD)).isTrue();
    assertThat(id.isMemberOf(TrustDomain.parse("domain2.test"))).isFalse();
  }
}
