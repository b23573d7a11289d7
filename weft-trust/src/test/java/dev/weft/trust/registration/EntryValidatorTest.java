package dev.weft.trust.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.spiffeid.TrustDomain;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EntryValidatorTest {
  static final TrustDomain TD = TrustDomain.parse("example.org");
  static final SpiffeId WEB = SpiffeId.parse("spiffe://example.org/web");
  static final SpiffeId AGENT = SpiffeId.parse("spiffe://example.org/agent/n1");
  static final String TTL_RANGE = " (expected: from 0 (the server default) to PT720H (30 days))";
  static final String DNS_RULE =
      " (expected: an RFC 1123 host name such as web.example.org, optionally starting with \"*.\")";

  static RegistrationEntry valid() {
    return RegistrationEntry.of(WEB, AGENT, Set.of(Selector.parse("unix:uid:1000")));
  }

  @Test
  void validEntryPasses() throws Exception {
    EntryValidator.validate(valid(), TD);
    EntryValidator.validate(
        valid()
            .withX509SvidTtl(Duration.ofDays(30))
            .withJwtSvidTtl(Duration.ZERO)
            .withDnsNames(
                List.of(
                    "web.example.org",
                    "*.web.example.org",
                    "localhost",
                    "Web-1.Example.ORG",
                    "a".repeat(63) + ".example.org"))
            .withFederatesWith(Set.of(TrustDomain.parse("partner.org")))
            .withHint("h".repeat(1024)),
        TD);
  }

  @Test
  void spiffeIdOutsideTheTrustDomain() {
    assertInvalid(
        RegistrationEntry.of(SpiffeId.parse("spiffe://other.org/web"), AGENT, valid().selectors()),
        "entry.spiffe_id: spiffe://other.org/web (expected: a SPIFFE ID in trust domain example.org)");
  }

  @Test
  void spiffeIdThatIsTheTrustDomainItself() {
    assertInvalid(
        RegistrationEntry.of(SpiffeId.parse("spiffe://example.org"), AGENT, valid().selectors()),
        "entry.spiffe_id: spiffe://example.org (expected: a path after the trust domain, such as"
            + " spiffe://example.org/web)");
  }

  @Test
  void parentIdOutsideTheTrustDomain() {
    assertInvalid(
        RegistrationEntry.of(WEB, SpiffeId.parse("spiffe://other.org/agent"), valid().selectors()),
        "entry.parent_id: spiffe://other.org/agent (expected: a SPIFFE ID in trust domain example.org)");
  }

  @Test
  void parentIdMayBeTheTrustDomainIdItself() throws Exception {
    EntryValidator.validate(
        RegistrationEntry.of(WEB, SpiffeId.parse("spiffe://example.org"), valid().selectors()), TD);
  }

  @Test
  void noSelectors() {
    assertInvalid(
        RegistrationEntry.of(WEB, AGENT, Set.of()),
        "entry.selectors: [] (expected: at least one selector, such as unix:uid:1000)");
  }

  @Test
  void negativeTtls() {
    assertInvalid(
        valid().withX509SvidTtl(Duration.ofSeconds(-1)), "entry.x509_svid_ttl: PT-1S" + TTL_RANGE);
    assertInvalid(
        valid().withJwtSvidTtl(Duration.ofMinutes(-5)), "entry.jwt_svid_ttl: PT-5M" + TTL_RANGE);
  }

  @Test
  void ttlsOverThirtyDays() {
    Duration tooLong = Duration.ofDays(30).plusSeconds(1);
    assertInvalid(valid().withX509SvidTtl(tooLong), "entry.x509_svid_ttl: PT720H1S" + TTL_RANGE);
    assertInvalid(valid().withJwtSvidTtl(tooLong), "entry.jwt_svid_ttl: PT720H1S" + TTL_RANGE);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "-web.example.org",
        "web-.example.org",
        "web..example.org",
        "web.example.org.",
        "web_1.example.org",
        "*.",
        "*",
        "a.*.example.org",
        "*.*.example.org",
        "web example.org",
        "wéb.example.org",
        "web.example.org:443"
      })
  void badDnsNames(String name) {
    assertInvalid(
        valid().withDnsNames(List.of("ok.example.org", name)),
        "entry.dns_names[1]: \"" + name + "\"" + DNS_RULE);
  }

  @Test
  void dnsLabelOfSixtyFourCharacters() {
    String name = "a".repeat(64);
    assertInvalid(
        valid().withDnsNames(List.of(name)), "entry.dns_names[0]: \"" + name + "\"" + DNS_RULE);
  }

  @Test
  void dnsNameLongerThan253Characters() throws Exception {
    String label = "a".repeat(63);
    String ok = String.join(".", label, label, label, "a".repeat(61));
    assertThat(ok).hasSize(253);
    EntryValidator.validate(valid().withDnsNames(List.of(ok)), TD);

    String name = ok + "b";
    assertInvalid(
        valid().withDnsNames(List.of(name)),
        "entry.dns_names[0]: \""
            + name.substring(0, 64)
            + "...\" (254 characters) (expected: at most"
            + " 253 characters)");
  }

  @Test
  void federatingWithTheOwnTrustDomain() {
    assertInvalid(
        valid().withFederatesWith(Set.of(TD, TrustDomain.parse("partner.org"))),
        "entry.federates_with: example.org (expected: trust domains other than the server's own)");
  }

  @Test
  void hintLongerThan1024Characters() {
    assertInvalid(
        valid().withHint("h".repeat(1025)), "entry.hint: 1025 characters (expected: at most 1024)");
  }

  @Test
  void everyProblemIsNamedInFieldOrder() {
    RegistrationEntry entry =
        RegistrationEntry.of(
                SpiffeId.parse("spiffe://other.org/web"),
                SpiffeId.parse("spiffe://other.org/agent"),
                Set.of())
            .withX509SvidTtl(Duration.ofSeconds(-1))
            .withJwtSvidTtl(Duration.ofDays(31))
            .withDnsNames(List.of("good.example.org", "bad_name"))
            .withFederatesWith(Set.of(TD))
            .withHint("h".repeat(2000));

    InvalidEntryException e =
        assertThrows(InvalidEntryException.class, () -> EntryValidator.validate(entry, TD));

    assertThat(e.problems())
        .containsExactly(
            "entry.spiffe_id: spiffe://other.org/web (expected: a SPIFFE ID in trust domain example.org)",
            "entry.parent_id: spiffe://other.org/agent (expected: a SPIFFE ID in trust domain example.org)",
            "entry.selectors: [] (expected: at least one selector, such as unix:uid:1000)",
            "entry.x509_svid_ttl: PT-1S" + TTL_RANGE,
            "entry.jwt_svid_ttl: PT744H" + TTL_RANGE,
            "entry.dns_names[1]: \"bad_name\"" + DNS_RULE,
            "entry.federates_with: example.org (expected: trust domains other than the server's own)",
            "entry.hint: 2000 characters (expected: at most 1024)");
    assertThat(e).hasMessage(String.join("; ", e.problems()));
  }

  @Test
  void exceptionNeedsAProblem() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new InvalidEntryException(List.of()));
    assertThat(e).hasMessage("problems: [] (expected: at least one)");
  }

  private static void assertInvalid(RegistrationEntry entry, String message) {
    InvalidEntryException e =
        assertThrows(InvalidEntryException.class, () -> EntryValidator.validate(entry, TD));
    assertThat(e).hasMessage(message);
    assertThat(e.problems()).containsExactly(message);
  }
}
