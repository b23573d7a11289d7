package dev.weft.identity.spiffeid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The inputs that go-spiffe's spiffeid tests (id_test.go, trustdomain_test.go) reject or accept,
 * each mapped to the rule we report. Where go-spiffe says only "bad character", we name the URI
 * part the character starts (percent-encoding); the input is rejected all the same.
 */
class GoSpiffeCasesTest {

  @ParameterizedTest(name = "SpiffeId.parse({0}) -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "``                               | EMPTY",
        "s                                | SCHEME",
        "spiffe:/                         | SCHEME",
        "Spiffe://                        | SCHEME",
        "spiffe://                        | MISSING_TRUST_DOMAIN",
        "spiffe:///                       | MISSING_TRUST_DOMAIN",
        "spiffe://trustdomain/            | TRAILING_SLASH",
        "spiffe://trustdomain//           | EMPTY_SEGMENT",
        "spiffe://trustdomain//path       | EMPTY_SEGMENT",
        "spiffe://trustdomain/path/       | TRAILING_SLASH",
        "spiffe://trustdomain/.           | DOT_SEGMENT",
        "spiffe://trustdomain/./path      | DOT_SEGMENT",
        "spiffe://trustdomain/path/./other | DOT_SEGMENT",
        "spiffe://trustdomain/path/..     | DOT_SEGMENT",
        "spiffe://trustdomain/..          | DOT_SEGMENT",
        "spiffe://trustdomain/../path     | DOT_SEGMENT",
        "spiffe://trustdomain/path/../other | DOT_SEGMENT",
        "spiffe://%F0%9F%A4%AF/path       | PERCENT_ENCODING",
        "spiffe://trustdomain/%F0%9F%A4%AF | PERCENT_ENCODING",
        "spiffe://%62%61%64/path          | PERCENT_ENCODING",
        "spiffe://trustdomain/%62%61%64   | PERCENT_ENCODING",
        "spiffe://trust$domain            | TRUST_DOMAIN_CHARACTERS",
        "spiffe://trustdomain/path$       | PATH_CHARACTERS",
        "spiffe:/trustdomain/path         | SCHEME",
      })
  void rejectedByGoSpiffeAndByUs(String input, SpiffeIdRule rule) {
    assertThatThrownBy(() -> SpiffeId.parse(input))
        .isInstanceOfSatisfying(
            InvalidSpiffeIdException.class, e -> assertThat(e.rule()).isEqualTo(rule))
        .hasMessage("invalid SPIFFE ID \"" + input + "\": " + rule.description());
  }

  @ParameterizedTest(name = "TrustDomain.parse({0}) -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "``                              | EMPTY",
        "spiffe:/trustdomain/path        | SCHEME",
        "spiffe://                       | MISSING_TRUST_DOMAIN",
        "spiffe:///path                  | MISSING_TRUST_DOMAIN",
        "spiffe://trustdomain/           | TRAILING_SLASH",
        "spiffe://trustdomain/path/      | TRAILING_SLASH",
        "spiffe://%F0%9F%A4%AF/path      | PERCENT_ENCODING",
        "spiffe://trustdomain/%F0%9F%A4%AF | PERCENT_ENCODING",
        "trust$domain                    | TRUST_DOMAIN_CHARACTERS",
        // go-spiffe accepts an ID with a path here and drops the path; we refuse it.
        "spiffe://trustdomain/path       | TRUST_DOMAIN_WITH_PATH",
      })
  void trustDomainsRejected(String input, SpiffeIdRule rule) {
    assertThatThrownBy(() -> TrustDomain.parse(input))
        .isInstanceOfSatisfying(
            InvalidSpiffeIdException.class, e -> assertThat(e.rule()).isEqualTo(rule))
        .hasMessage("invalid trust domain \"" + input + "\": " + rule.description());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "spiffe://trustdomain, ''",
    "spiffe://trustdomain/.path, /.path",
    "spiffe://trustdomain/..path, /..path",
    "spiffe://trustdomain/..., /...",
  })
  void acceptedByGoSpiffeAndByUs(String input, String path) {
    SpiffeId id = SpiffeId.parse(input);

    assertThat(id.trustDomain().name()).isEqualTo("trustdomain");
    assertThat(id.path()).isEqualTo(path);
  }
}
