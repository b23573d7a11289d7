package dev.weft.trust.ca;

import static dev.weft.trust.ca.CaTesting.TD;
import static dev.weft.trust.ca.CaTesting.WEB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.SignedJWT;
import dev.weft.identity.bundle.BundleSet;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.svid.JwtSvid;
import dev.weft.identity.svid.JwtSvidVerifier;
import dev.weft.identity.svid.X509SvidVerifier;
import dev.weft.testing.Keys;
import dev.weft.testing.MutableClock;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class IssuanceTest {
  @TempDir Path dir;
  MutableClock clock = CaTesting.clock();
  CertificateAuthority ca;

  @BeforeEach
  void open() throws Exception {
    ca = CaTesting.open(KeyManager.memory(), dir, clock);
  }

  @Test
  void freshCaIsSelfSignedRootWithSpiffeIdAndCaExtensions() throws Exception {
    List<X509Certificate> roots = ca.bundle().x509Authorities();
    assertThat(roots).hasSize(1);
    X509Certificate root = roots.getFirst();
    assertThat(root.getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
    assertThat(root.getSubjectX500Principal().getName()).isEqualTo("O=Weft");
    assertThat(root.getIssuerX500Principal()).isEqualTo(root.getSubjectX500Principal());
    root.verify(root.getPublicKey());
    assertThat(root.getCriticalExtensionOIDs()).contains("2.5.29.15", "2.5.29.19");
    boolean[] usage = root.getKeyUsage();
    assertThat(usage[0]).as("digitalSignature").isTrue();
    assertThat(usage[5]).as("keyCertSign").isTrue();
    assertThat(usage[6]).as("cRLSign").isTrue();
    assertThat(sans(root)).containsExactly(List.of(6, "spiffe://example.org"));
    assertThat(CaTesting.subjectKeyId(root)).hasSize(20);
    assertThat(root.getNotBefore().toInstant()).isEqualTo(CaTesting.START.minusSeconds(10));
    assertThat(root.getNotAfter().toInstant())
        .isEqualTo(CaTesting.START.plus(Duration.ofHours(24)));
    assertThat(root.getPublicKey().getAlgorithm()).isEqualTo("EC");
    assertThat(ca.bundle().jwtAuthorities()).hasSize(1);
    assertThat(ca.bundle().sequence()).isEmpty();
    assertThat(ca.status().upstream()).isFalse();
    assertThat(ca.status().activeX509Ca().serial()).isEqualTo(root.getSerialNumber());
  }

  @ParameterizedTest
  @EnumSource(WorkloadKey.class)
  void issuesVerifiableSvidsForEcAndRsaKeys(WorkloadKey type) throws Exception {
    KeyPair workload = type.generate();
    List<X509Certificate> chain =
        ca.signX509Svid(WEB, workload.getPublic(), Duration.ZERO, List.of());

    assertThat(chain).hasSize(1);
    assertThat(X509SvidVerifier.verify(chain, BundleSet.of(ca.bundle()), clock.instant()))
        .isEqualTo(WEB);
    X509Certificate leaf = chain.getFirst();
    assertThat(leaf.getPublicKey()).isEqualTo(workload.getPublic());
    boolean[] usage = leaf.getKeyUsage();
    assertThat(usage[0]).as("digitalSignature").isTrue();
    boolean rsa = type.name().startsWith("RSA");
    assertThat(usage[2]).as("keyEncipherment").isEqualTo(rsa);
    assertThat(usage[4]).as("keyAgreement").isEqualTo(!rsa);
    assertThat(usage[5]).as("keyCertSign").isFalse();
  }

  @Test
  void leafHasTheSvidProfile() throws Exception {
    X509Certificate root = ca.bundle().x509Authorities().getFirst();
    X509Certificate leaf =
        ca.signX509Svid(WEB, Keys.ec256().getPublic(), Duration.ZERO, List.of()).getFirst();

    assertThat(leaf.getVersion()).isEqualTo(3);
    assertThat(leaf.getSerialNumber().signum()).isPositive();
    assertThat(leaf.getSerialNumber().bitLength()).isLessThanOrEqualTo(127);
    assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("O=Weft");
    assertThat(leaf.getIssuerX500Principal()).isEqualTo(root.getSubjectX500Principal());
    assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
    assertThat(leaf.getCriticalExtensionOIDs()).containsExactlyInAnyOrder("2.5.29.15", "2.5.29.19");
    assertThat(leaf.getExtendedKeyUsage())
        .containsExactly("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
    assertThat(sans(leaf)).containsExactly(List.of(6, WEB.toString()));
    assertThat(CaTesting.authorityKeyId(leaf)).isEqualTo(CaTesting.subjectKeyId(root));
    assertThat(CaTesting.subjectKeyId(leaf))
        .isEqualTo(CaCertificates.keyIdentifier(leaf.getPublicKey()));
    assertThat(leaf.getSigAlgName()).isEqualTo("SHA256withECDSA");
    assertThat(leaf.getNotBefore().toInstant()).isEqualTo(CaTesting.START.minusSeconds(10));
    leaf.verify(root.getPublicKey());
  }

  @Test
  void serialsAreRandomAndDistinct() throws Exception {
    KeyPair workload = Keys.ec256();
    Set<java.math.BigInteger> serials = new java.util.HashSet<>();
    for (int i = 0; i < 50; i++) {
      serials.add(
          ca.signX509Svid(WEB, workload.getPublic(), Duration.ZERO, List.of())
              .getFirst()
              .getSerialNumber());
    }
    assertThat(serials).hasSize(50);
    assertThat(serials).anyMatch(s -> s.bitLength() > 100);
  }

  @Test
  void ttlDefaultOverrideAndCapAtCaNotAfter() throws Exception {
    KeyPair workload = Keys.ec256();
    Instant now = clock.instant();
    X509Certificate byDefault =
        ca.signX509Svid(WEB, workload.getPublic(), Duration.ZERO, List.of()).getFirst();
    assertThat(byDefault.getNotAfter().toInstant()).isEqualTo(now.plus(Duration.ofHours(1)));

    X509Certificate overridden =
        ca.signX509Svid(WEB, workload.getPublic(), Duration.ofMinutes(10), List.of()).getFirst();
    assertThat(overridden.getNotAfter().toInstant()).isEqualTo(now.plus(Duration.ofMinutes(10)));

    X509Certificate capped =
        ca.signX509Svid(WEB, workload.getPublic(), Duration.ofDays(30), List.of()).getFirst();
    Instant caNotAfter = ca.status().activeX509Ca().notAfter();
    assertThat(capped.getNotAfter().toInstant()).isEqualTo(caNotAfter);
  }

  @Test
  void dnsNamesBecomeSansAndTheFirstTheCommonName() throws Exception {
    X509Certificate leaf =
        ca.signX509Svid(
                WEB,
                Keys.ec256().getPublic(),
                Duration.ZERO,
                List.of("web.example.org", "*.web.internal"))
            .getFirst();
    assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=web.example.org,O=Weft");
    assertThat(sans(leaf))
        .containsExactly(
            List.of(6, WEB.toString()),
            List.of(2, "web.example.org"),
            List.of(2, "*.web.internal"));
    assertThat(X509SvidVerifier.verify(List.of(leaf), BundleSet.of(ca.bundle()), clock.instant()))
        .isEqualTo(WEB);
  }

  @Test
  void aFirstDnsNameLongerThan64CharactersIsNotTheCommonName() throws Exception {
    String longName = "a".repeat(60) + ".example.org";
    X509Certificate leaf =
        ca.signX509Svid(WEB, Keys.ec256().getPublic(), Duration.ZERO, List.of(longName)).getFirst();
    assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("O=Weft");
    assertThat(sans(leaf)).contains(List.of(2, longName));
  }

  @Test
  void badX509RequestsAreRejectedWithTheReason() throws Exception {
    var bundle = ca.bundle();
    var status = ca.status();
    KeyPair ec = Keys.ec256();
    assertRejected(
        () ->
            ca.signX509Svid(
                SpiffeId.parse("spiffe://other.org/web"), ec.getPublic(), Duration.ZERO, List.of()),
        "SPIFFE ID: spiffe://other.org/web (expected: a SPIFFE ID of trust domain example.org)");
    assertRejected(
        () ->
            ca.signX509Svid(
                SpiffeId.parse("spiffe://example.org"), ec.getPublic(), Duration.ZERO, List.of()),
        "SPIFFE ID: spiffe://example.org (expected: a workload ID with a path, not the trust domain ID)");
    assertRejected(
        () -> ca.signX509Svid(WEB, ec.getPublic(), Duration.ofSeconds(-1), List.of()),
        "ttl: PT-1S (expected: >= 0; zero means the default)");
    assertRejected(
        () ->
            ca.signX509Svid(
                WEB, ec.getPublic(), Duration.ZERO, List.of("ok.example.org", "bad name")),
        "dnsNames[1]: \"bad name\" (expected: a DNS name such as api.example.org)");
    assertRejected(
        () -> ca.signX509Svid(WEB, ec.getPublic(), Duration.ZERO, List.of("-leading.example.org")),
        "dnsNames[0]: \"-leading.example.org\" (expected: a DNS name such as api.example.org)");
    assertRejected(
        () ->
            ca.signX509Svid(
                WEB, ec.getPublic(), Duration.ZERO, java.util.Collections.nCopies(101, "a.b")),
        "dnsNames: 101 names (expected: at most 100)");
    assertRejected(
        () -> ca.signX509Svid(WEB, rsa(1024).getPublic(), Duration.ZERO, List.of()),
        "public key: RSA 1024 bits (expected: EC P-256, EC P-384 or RSA of 2048 to 8192 bits)");
    assertRejected(
        () -> ca.signX509Svid(WEB, ec("secp521r1").getPublic(), Duration.ZERO, List.of()),
        "public key: EC 521 bits (not P-256/P-384) (expected: EC P-256, EC P-384 or RSA of 2048 to 8192 bits)");
    assertRejected(
        () -> ca.signX509Svid(WEB, null, Duration.ZERO, List.of()),
        "public key: null (expected: EC P-256, EC P-384 or RSA >= 2048 bits)");
    assertThat(ca.bundle()).isEqualTo(bundle);
    assertThat(ca.status()).isEqualTo(status);
  }

  @Test
  void jwtSvidsVerifyAndCarryTheClaims() throws Exception {
    String token = ca.mintJwtSvid(WEB, Set.of("api", "db"), Duration.ZERO);

    JwtSvid svid = JwtSvidVerifier.verify(token, "db", BundleSet.of(ca.bundle()), clock.instant());
    assertThat(svid.id()).isEqualTo(WEB);
    assertThat(svid.audience()).containsExactlyInAnyOrder("api", "db");
    assertThat(svid.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
    SignedJWT jwt = SignedJWT.parse(token);
    assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
    assertThat(jwt.getHeader().getKeyID()).isEqualTo(ca.status().activeJwtKey().kid());
    assertThat(jwt.getHeader().getType().getType()).isEqualTo("JWT");
    assertThat(jwt.getJWTClaimsSet().getIssueTime().toInstant()).isEqualTo(clock.instant());
  }

  @Test
  void jwtTtlOverrideAndCapAtKeyNotAfter() throws Exception {
    String token = ca.mintJwtSvid(WEB, Set.of("api"), Duration.ofMinutes(1));
    assertThat(JwtSvidVerifier.parseInsecure(token, "").expiresAt())
        .isEqualTo(clock.instant().plus(Duration.ofMinutes(1)));
    String capped = ca.mintJwtSvid(WEB, Set.of("api"), Duration.ofDays(7));
    assertThat(JwtSvidVerifier.parseInsecure(capped, "").expiresAt())
        .isEqualTo(ca.status().activeJwtKey().notAfter());
  }

  @Test
  void badJwtRequestsAreRejectedWithTheReason() throws Exception {
    var bundle = ca.bundle();
    assertRejected(
        () ->
            ca.mintJwtSvid(SpiffeId.parse("spiffe://other.org/web"), Set.of("api"), Duration.ZERO),
        "subject: spiffe://other.org/web (expected: a SPIFFE ID of trust domain example.org)");
    assertRejected(
        () -> ca.mintJwtSvid(WEB, Set.of(), Duration.ZERO),
        "audience: [] (expected: at least one value)");
    assertRejected(
        () -> ca.mintJwtSvid(WEB, Set.of(" "), Duration.ZERO),
        "audience: [ ] (expected: no empty value)");
    assertRejected(
        () -> ca.mintJwtSvid(WEB, Set.of("api"), Duration.ofMillis(-1)),
        "ttl: PT-0.001S (expected: >= 0; zero means the default)");
    assertThat(ca.bundle()).isEqualTo(bundle);
  }

  @ParameterizedTest
  @EnumSource(KeyType.class)
  void everyCaKeyTypeSignsVerifiableSvids(KeyType type) throws Exception {
    CertificateAuthority typed =
        CertificateAuthority.open(
            CaConfig.defaults(TD).withKeyType(type),
            KeyManager.memory(),
            dir.resolve(type + ".json"),
            clock);
    List<X509Certificate> chain =
        typed.signX509Svid(WEB, Keys.ec256().getPublic(), Duration.ZERO, List.of());
    assertThat(X509SvidVerifier.verify(chain, BundleSet.of(typed.bundle()), clock.instant()))
        .isEqualTo(WEB);
    assertThat(chain.getFirst().getSigAlgName()).isEqualTo(type.signatureAlgorithm());
    String token = typed.mintJwtSvid(WEB, Set.of("api"), Duration.ZERO);
    assertThat(SignedJWT.parse(token).getHeader().getAlgorithm().getName())
        .isEqualTo(type.jwsAlgorithm());
    assertThat(
            JwtSvidVerifier.verify(token, "api", BundleSet.of(typed.bundle()), clock.instant())
                .id())
        .isEqualTo(WEB);
  }

  @ParameterizedTest
  @EnumSource(SigningBackend.class)
  void everySigningBackendProducesVerifiableSvids(SigningBackend backend) throws Exception {
    CertificateAuthority other =
        CertificateAuthority.open(
            CaConfig.defaults(TD),
            KeyManager.memory(),
            dir.resolve(backend + ".json"),
            clock,
            backend);
    List<X509Certificate> chain =
        other.signX509Svid(WEB, Keys.ec256().getPublic(), Duration.ZERO, List.of());
    assertThat(X509SvidVerifier.verify(chain, BundleSet.of(other.bundle()), clock.instant()))
        .isEqualTo(WEB);
    String token = other.mintJwtSvid(WEB, Set.of("api"), Duration.ZERO);
    assertThat(
            JwtSvidVerifier.verify(token, "api", BundleSet.of(other.bundle()), clock.instant())
                .id())
        .isEqualTo(WEB);
  }

  @Test
  void closedCaRefusesToSign() throws Exception {
    ca.close();
    assertRejected(
        () -> ca.signX509Svid(WEB, Keys.ec256().getPublic(), Duration.ZERO, List.of()),
        "certificate authority of example.org: closed");
    assertRejected(
        () -> ca.mintJwtSvid(WEB, Set.of("a"), Duration.ZERO),
        "certificate authority of example.org: closed");
    assertRejected(ca::rotate, "certificate authority of example.org: closed");
  }

  enum WorkloadKey {
    EC_P256,
    EC_P384,
    RSA_2048,
    RSA_3072;

    KeyPair generate() throws Exception {
      return switch (this) {
        case EC_P256 -> Keys.ec256();
        case EC_P384 -> Keys.ec384();
        case RSA_2048 -> Keys.rsa2048();
        case RSA_3072 -> rsa(3072);
      };
    }
  }

  interface Call {
    Object call() throws Exception;
  }

  static void assertRejected(Call call, String message) {
    assertThatThrownBy(call::call).isInstanceOf(CaException.class).hasMessage(message);
  }

  static KeyPair rsa(int bits) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(bits);
    return g.generateKeyPair();
  }

  static KeyPair ec(String curve) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec(curve));
    return g.generateKeyPair();
  }

  static Collection<List<?>> sans(X509Certificate cert) throws Exception {
    return cert.getSubjectAlternativeNames();
  }
}
