package dev.weft.identity.spiffeid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link TrustDomain#parse} of bare names and trust domain IDs, and the derived IDs. */
class TrustDomainTest {

  static void assertInvalid(String input, SpiffeIdRule rule, String message) {
    assertThatThrownBy(() -> TrustDomain.parse(input))
        .isInstanceOfSatisfying(
            InvalidSpiffeIdException.class, e -> assertThat(e.rule()).isEqualTo(rule))
        .hasMessage(message);
  }

  @Test
  void bareNameAndTrustDomainIdAreTheSameTrustDomain() {
    TrustDomain bare = TrustDomain.parse("td");
    TrustDomain fromId = TrustDomain.parse("spiffe://td");

    assertThat(bare).isEqualTo(fromId).hasSameHashCodeAs(fromId);
    assertThat(bare.name()).isEqualTo("td");
    assertThat(bare).hasToString("td");
    assertThat(bare.idString()).isEqualTo("spiffe://td");
  }

  @Test
  void acceptsExactly255Bytes() {
    String name = "a".repeat(254) + "z";

    assertThat(TrustDomain.parse(name).name()).isEqualTo(name);
    assertThat(TrustDomain.parse("spiffe://" + name).name()).isEqualTo(name);
  }

  @Test
  void rejects256Bytes() {
    String name = "a".repeat(256);

    assertInvalid(
        name,
        SpiffeIdRule.TRUST_DOMAIN_TOO_LONG,
        "invalid trust domain \""
            + "a".repeat(80)
            + "...\": trust domain is longer than 255 bytes");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "``                       | EMPTY                   | is empty",
        "Example.org              | TRUST_DOMAIN_CHARACTERS | trust domain may contain only lowercase letters, digits, '.', '-' and '_'",
        "EXAMPLE                  | TRUST_DOMAIN_CHARACTERS | trust domain may contain only lowercase letters, digits, '.', '-' and '_'",
        "example.org/path         | TRUST_DOMAIN_CHARACTERS | trust domain may contain only lowercase letters, digits, '.', '-' and '_'",
        "example.org:8443         | PORT                    | a port is not allowed",
        "user@example.org         | USER_INFO               | user info is not allowed",
        "exa%41mple               | PERCENT_ENCODING        | percent-encoding is not allowed",
        "spiffe://                | MISSING_TRUST_DOMAIN    | trust domain is missing",
        "spiffe://td/             | TRAILING_SLASH          | path may not end with '/'",
        "spiffe://td/path         | TRUST_DOMAIN_WITH_PATH  | a trust domain may not have a path (expected: <trust-domain> or spiffe://<trust-domain>)",
        "spiffe://Td              | TRUST_DOMAIN_CHARACTERS | trust domain may contain only lowercase letters, digits, '.', '-' and '_'",
        "SPIFFE://td              | SCHEME                  | scheme must be \"spiffe\" (expected: spiffe://<trust-domain>/<path>)",
        "spiffe:/td               | SCHEME                  | scheme must be \"spiffe\" (expected: spiffe://<trust-domain>/<path>)",
        "https://td               | SCHEME                  | scheme must be \"spiffe\" (expected: spiffe://<trust-domain>/<path>)",
      })
  void rejectsWithTheRuleBroken(String input, SpiffeIdRule rule, String description) {
    assertInvalid(input, rule, "invalid trust domain \"" + input + "\": " + description);
  }

  @Test
  void idOfPathBuildsAMemberId() {
    TrustDomain td = TrustDomain.parse("example.org");

    assertThat(td.id("/web")).isEqualTo(SpiffeId.parse("spiffe://example.org/web"));
    assertThat(td.id("")).isEqualTo(SpiffeId.parse("spiffe://example.org"));
    assertThat(td.id("/web").isMemberOf(td)).isTrue();
    assertThat(td.id("/web").isMemberOf(TrustDomain.parse("example.com"))).isFalse();
  }

  @Test
  void idOfPathWithoutLeadingSlashIsRejectedInsteadOfChangingTheTrustDomain() {
    TrustDomain td = TrustDomain.parse("example.org");

    // Without the check, "example.org" + "evil" would silently name trust domain "example.orgevil".
    assertThatThrownBy(() -> td.id("evil"))
        .isInstanceOfSatisfying(
            InvalidSpiffeIdException.class,
            e -> assertThat(e.rule()).isEqualTo(SpiffeIdRule.PATH_LEADING_SLASH))
        .hasMessage("invalid SPIFFE ID path \"evil\": path must start with '/'");
  }

  @Test
  void idOfBadPathNamesTheRule() {
    TrustDomain td = TrustDomain.parse("example.org");

    assertThatThrownBy(() -> td.id("/"))
        .hasMessage("invalid SPIFFE ID \"spiffe://example.org/\": path may not end with '/'");
    assertThatThrownBy(() -> td.id(":8443/x"))
        .hasMessage("invalid SPIFFE ID path \":8443/x\": path must start with '/'");
  }

  @Test
  void ordersByName() {
    assertThat(TrustDomain.parse("b.org")).isGreaterThan(TrustDomain.parse("a.org"));
    assertThat(TrustDomain.parse("a.org").compareTo(TrustDomain.parse("a.org"))).isZero();
  }
}
