package dev.weft.trust.ca;

import static dev.weft.trust.ca.CaTesting.TD;
import static dev.weft.trust.ca.CaTesting.WEB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.identity.bundle.BundleSet;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.identity.svid.JwtSvidVerifier;
import dev.weft.identity.svid.X509SvidVerifier;
import dev.weft.testing.Keys;
import dev.weft.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class PersistenceTest {
  private static final String CORRUPT =
      " (the journal is corrupt: restore it from a backup, or move it away to start a new CA)";

  @TempDir Path dir;
  MutableClock clock = CaTesting.clock();

  Path journal() {
    return dir.resolve("ca-journal.json");
  }

  @Test
  void restartKeepsKeysAndBundle() throws Exception {
    KeyManager keys = KeyManager.disk(dir.resolve("keys"));
    CertificateAuthority first = CaTesting.open(keys, dir, clock);
    clock.advance(Duration.ofHours(13));
    first.rotate();
    TrustBundle bundle = first.bundle();
    CaStatus status = first.status();
    String token = first.mintJwtSvid(WEB, Set.of("api"), Duration.ZERO);
    first.close();

    CertificateAuthority second = CaTesting.open(KeyManager.disk(dir.resolve("keys")), dir, clock);
    assertThat(second.bundle()).isEqualTo(bundle);
    assertThat(second.status()).isEqualTo(status);
    assertThat(second.status().nextX509Ca()).isPresent();
    List<X509Certificate> chain =
        second.signX509Svid(WEB, Keys.ec256().getPublic(), Duration.ZERO, List.of());
    assertThat(CaTesting.issuerSerial(chain.getFirst(), bundle.x509Authorities()))
        .isEqualTo(status.activeX509Ca().serial());
    assertThat(
            JwtSvidVerifier.verify(token, "api", BundleSet.of(second.bundle()), clock.instant())
                .id())
        .isEqualTo(WEB);
    assertThat(second.rotate()).isFalse();
  }

  @Test
  void restartAfterTheScheduleMovedOnCatchesUp() throws Exception {
    KeyManager keys = KeyManager.disk(dir.resolve("keys"));
    CaStatus before = CaTesting.open(keys, dir, clock).status();
    clock.advance(Duration.ofHours(21));
    CertificateAuthority reopened = CaTesting.open(keys, dir, clock);
    // 21h is past 5/6 of 24h: the successor was prepared and activated while opening.
    assertThat(reopened.status().retiredX509Cas()).containsExactly(before.activeX509Ca());
    assertThat(reopened.status().activeX509Ca()).isNotEqualTo(before.activeX509Ca());
    assertThat(reopened.bundle().x509Authorities()).hasSize(2);
  }

  @Test
  void journalRecordsEverySlotWithoutPrivateKeys() throws Exception {
    KeyManager keys = KeyManager.disk(dir.resolve("keys"));
    CertificateAuthority ca = CaTesting.open(keys, dir, clock);
    clock.advance(Duration.ofHours(13));
    ca.rotate();

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(journal())))
        .isEqualTo("rw-------");
    String text = Files.readString(journal());
    assertThat(text).doesNotContain("PRIVATE KEY");
    JsonNode root = new ObjectMapper().readTree(text);
    assertThat(root.get("version").asInt()).isEqualTo(1);
    assertThat(root.get("trustDomain").asText()).isEqualTo("example.org");
    assertThat(root.get("slots")).hasSize(4);
    JsonNode x509 = root.get("slots").get(0);
    assertThat(x509.get("kind").asText()).isEqualTo("x509-ca");
    assertThat(x509.get("state").asText()).isEqualTo("active");
    assertThat(x509.get("keyId").asText()).isEqualTo(ca.status().activeX509Ca().keyId());
    assertThat(x509.get("certificate").asText()).startsWith("-----BEGIN CERTIFICATE-----");
    assertThat(x509.get("notAfter").asText())
        .isEqualTo(ca.status().activeX509Ca().notAfter().toString());
    JsonNode jwt = root.get("slots").get(1);
    assertThat(jwt.get("kind").asText()).isEqualTo("jwt-key");
    assertThat(jwt.get("kid").asText()).isEqualTo(ca.status().activeJwtKey().kid());
    assertThat(jwt.get("publicKey").asText()).startsWith("-----BEGIN PUBLIC KEY-----");
    assertThat(root.get("slots").get(2).get("state").asText()).isEqualTo("prepared");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("ca-journal.json", "keys");
    }
  }

  @Test
  void restartWithAMemoryKeyManagerGeneratesNewKeysAndWarns() throws Exception {
    CertificateAuthority first = CaTesting.open(KeyManager.memory(), dir, clock);
    CaStatus old = first.status();
    first.close();

    ListAppender<ILoggingEvent> log = capture();
    CertificateAuthority second = CaTesting.open(KeyManager.memory(), dir, clock);
    CaStatus status = second.status();
    assertThat(status.activeX509Ca().serial()).isNotEqualTo(old.activeX509Ca().serial());
    assertThat(status.activeJwtKey().kid()).isNotEqualTo(old.activeJwtKey().kid());
    // The old authorities signed SVIDs that are still out there: they stay published until expiry.
    assertThat(status.retiredX509Cas()).containsExactly(old.activeX509Ca());
    assertThat(second.bundle().jwtAuthorities().keySet())
        .containsExactly(old.activeJwtKey().kid(), status.activeJwtKey().kid());
    List<X509Certificate> chain =
        second.signX509Svid(WEB, Keys.ec256().getPublic(), Duration.ZERO, List.of());
    assertThat(CaTesting.issuerSerial(chain.getFirst(), second.bundle().x509Authorities()))
        .isEqualTo(status.activeX509Ca().serial());
    assertThat(log.list)
        .filteredOn(e -> e.getLevel() == Level.WARN)
        .extracting(ILoggingEvent::getFormattedMessage)
        .anyMatch(
            m ->
                m.contains("the key of X.509 CA")
                    && m.contains("is missing from KeyManager[memory"))
        .anyMatch(
            m ->
                m.contains("the key of JWT key")
                    && m.contains("retiring it and generating a new one"));
  }

  @Test
  void corruptJsonIsAnErrorNamingTheFileAndNothingIsChanged() throws Exception {
    Files.writeString(journal(), "{\"version\": 1, \"trustDomain\": ");
    assertThatThrownBy(() -> CaTesting.open(KeyManager.memory(), dir, clock))
        .isInstanceOf(CaException.class)
        .hasMessageStartingWith("CA journal " + journal() + ": not valid JSON (")
        .hasMessageEndingWith(CORRUPT);
    assertThat(Files.readString(journal())).isEqualTo("{\"version\": 1, \"trustDomain\": ");
  }

  @Test
  void journalsWithMissingOrBadFieldsAreErrors() throws Exception {
    assertCorrupt("[]", "not a JSON object");
    assertCorrupt("{\"version\": 2}", "version: 2 (expected: 1)");
    assertCorrupt("{\"version\": 1}", "trustDomain: missing (expected: a non-empty string)");
    assertCorrupt(
        "{\"version\": 1, \"trustDomain\": \"example.org\"}",
        "slots: missing (expected: an array)");
    assertCorrupt(
        "{\"version\": 1, \"trustDomain\": \"example.org\", \"slots\": [{\"kind\": \"x509-ca\"}]}",
        "slots[0].keyId: missing (expected: a non-empty string)");
    assertCorrupt(
        "{\"version\": 1, \"trustDomain\": \"example.org\", \"slots\": [{\"kind\": \"x509-ca\","
            + " \"keyId\": \"k\", \"state\": \"dormant\"}]}",
        "slots[0].state: \"dormant\" (expected: prepared, active or retired)");
    assertCorrupt(
        "{\"version\": 1, \"trustDomain\": \"example.org\", \"slots\": [{\"kind\": \"x509-ca\","
            + " \"keyId\": \"k\", \"state\": \"active\", \"notBefore\": \"yesterday\"}]}",
        "slots[0].notBefore: \"yesterday\" (expected: an ISO-8601 instant)");
    assertCorrupt(
        "{\"version\": 1, \"trustDomain\": \"example.org\", \"slots\": [{\"kind\": \"x509-ca\","
            + " \"keyId\": \"k\", \"state\": \"active\", \"notBefore\": \"2026-01-01T00:00:00Z\","
            + " \"notAfter\": \"2026-01-02T00:00:00Z\", \"certificate\": \"not pem\"}]}",
        "slots[0].certificate: PEM: no CERTIFICATE block found");
  }

  @Test
  void aJournalOfAnotherTrustDomainIsRefused() throws Exception {
    CaTesting.open(KeyManager.memory(), dir, clock).close();
    String before = Files.readString(journal());
    CaConfig other = CaConfig.defaults(TrustDomain.parse("other.org"));
    assertThatThrownBy(() -> CaTesting.open(other, KeyManager.memory(), dir, clock))
        .isInstanceOf(CaException.class)
        .hasMessage(
            "CA journal "
                + journal()
                + ": trustDomain: example.org (expected: other.org;"
                + " each trust domain needs its own journal)");
    assertThat(Files.readString(journal())).isEqualTo(before);
  }

  @Test
  void aKeyThatDoesNotMatchItsJournalEntryIsRefused() throws Exception {
    KeyManager keys = KeyManager.memory();
    CaStatus status = CaTesting.open(keys, dir, clock).status();
    String keyId = status.activeX509Ca().keyId();
    keys.delete(keyId);
    keys.generate(keyId, KeyType.EC_P256);
    String before = Files.readString(journal());
    assertThatThrownBy(() -> CaTesting.open(keys, dir, clock))
        .isInstanceOf(CaException.class)
        .hasMessage(
            "CA journal "
                + journal()
                + ": the key "
                + keyId
                + " in "
                + keys
                + " does not match the public key recorded for it (expected: the key manager the"
                + " journal was written with)");
    assertThat(Files.readString(journal())).isEqualTo(before);
  }

  @Test
  void switchingToAnUpstreamAuthorityRetiresTheSelfSignedRootButKeepsItPublished()
      throws Exception {
    KeyManager keys = KeyManager.memory();
    CaStatus selfSigned = CaTesting.open(keys, dir, clock).status();
    var upstream = UpstreamTest.upstreamRoot(clock, Duration.ofDays(30));
    CertificateAuthority ca =
        CaTesting.open(CaConfig.defaults(TD).withUpstream(upstream), keys, dir, clock);
    assertThat(ca.status().retiredX509Cas()).containsExactly(selfSigned.activeX509Ca());
    assertThat(ca.bundle().x509Authorities().stream().map(X509Certificate::getSerialNumber))
        .containsExactly(
            upstream.certificate().getSerialNumber(), selfSigned.activeX509Ca().serial());
    List<X509Certificate> chain =
        ca.signX509Svid(WEB, Keys.ec256().getPublic(), Duration.ZERO, List.of());
    assertThat(chain).hasSize(2);
    assertThat(X509SvidVerifier.verify(chain, BundleSet.of(ca.bundle()), clock.instant()))
        .isEqualTo(WEB);
  }

  private void assertCorrupt(String json, String detail) throws Exception {
    Files.writeString(journal(), json);
    assertThatThrownBy(() -> CaTesting.open(KeyManager.memory(), dir, clock))
        .isInstanceOf(CaException.class)
        .hasMessage("CA journal " + journal() + ": " + detail + CORRUPT);
    assertThat(Files.readString(journal())).isEqualTo(json);
  }

  private static ListAppender<ILoggingEvent> capture() {
    Logger logger = (Logger) LoggerFactory.getLogger(CertificateAuthority.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    return appender;
  }
}
