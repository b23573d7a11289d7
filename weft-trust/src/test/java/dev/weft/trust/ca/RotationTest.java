package dev.weft.trust.ca;

import static dev.weft.trust.ca.CaTesting.WEB;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import dev.weft.identity.bundle.BundleSet;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.svid.JwtSvidVerifier;
import dev.weft.identity.svid.X509SvidVerifier;
import dev.weft.testing.Keys;
import dev.weft.testing.MutableClock;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotationTest {
  @TempDir Path dir;
  MutableClock clock = CaTesting.clock();
  KeyManager keys;
  CertificateAuthority ca;
  PublicKey workload = Keys.ec256().getPublic();

  @BeforeEach
  void open() throws Exception {
    keys = KeyManager.disk(dir.resolve("keys"));
    ca = CaTesting.open(keys, dir, clock);
  }

  @Test
  void x509CaTimeline() throws Exception {
    CaStatus.X509Ca first = ca.status().activeX509Ca();
    Instant prepareAt = half(first.notBefore(), first.notAfter());
    Instant activateAt = fiveSixths(first.notBefore(), first.notAfter());
    assertThat(ca.rotate()).isFalse();

    clock.set(prepareAt.minusSeconds(1));
    assertThat(ca.rotate()).as("before half the lifetime").isFalse();
    assertThat(ca.status().nextX509Ca()).isEmpty();
    assertThat(serials(ca.bundle())).containsExactly(first.serial());

    // At half the lifetime the next CA is prepared and published, but does not sign yet.
    clock.set(prepareAt);
    assertThat(ca.rotate()).isTrue();
    CaStatus.X509Ca next = ca.status().nextX509Ca().orElseThrow();
    assertThat(next.serial()).isNotEqualTo(first.serial());
    assertThat(next.notBefore()).isEqualTo(prepareAt.minusSeconds(10));
    assertThat(serials(ca.bundle())).containsExactly(first.serial(), next.serial());
    assertThat(signerOf(sign())).isEqualTo(first.serial());
    assertThat(ca.rotate()).as("nothing more to do").isFalse();

    clock.set(activateAt.minusSeconds(1));
    assertThat(ca.rotate()).isFalse();
    assertThat(signerOf(sign())).isEqualTo(first.serial());

    // At five sixths the next CA takes over; the bundle does not change.
    clock.set(activateAt);
    assertThat(ca.rotate()).isFalse();
    assertThat(ca.status().activeX509Ca()).isEqualTo(next);
    assertThat(ca.status().nextX509Ca()).isEmpty();
    assertThat(ca.status().retiredX509Cas()).containsExactly(first);
    List<X509Certificate> chain = sign();
    assertThat(signerOf(chain)).isEqualTo(next.serial());
    assertThat(X509SvidVerifier.verify(chain, BundleSet.of(ca.bundle()), clock.instant()))
        .isEqualTo(WEB);

    // The old root stays until its notAfter has passed, then it is pruned and its key deleted.
    // (By then the next CA is past its own half and has prepared its successor.)
    clock.set(first.notAfter());
    ca.rotate();
    assertThat(serials(ca.bundle())).hasSize(3).contains(first.serial());
    assertThat(keys.load(first.keyId())).isPresent();

    clock.set(first.notAfter().plusSeconds(1));
    assertThat(ca.rotate()).isTrue();
    assertThat(serials(ca.bundle())).doesNotContain(first.serial()).contains(next.serial());
    assertThat(ca.status().retiredX509Cas()).isEmpty();
    assertThat(keys.load(first.keyId())).isEmpty();
    assertThat(keys.load(next.keyId())).isPresent();
  }

  @Test
  void svidsSignedBeforeActivationStayValidUntilTheyExpire() throws Exception {
    CaStatus.X509Ca first = ca.status().activeX509Ca();
    clock.set(fiveSixths(first.notBefore(), first.notAfter()).minusSeconds(1));
    ca.rotate();
    List<X509Certificate> old = ca.signX509Svid(WEB, workload, Duration.ofDays(1), List.of());
    assertThat(old.getFirst().getNotAfter().toInstant()).isEqualTo(first.notAfter());

    clock.advance(Duration.ofSeconds(1));
    ca.rotate();
    clock.set(first.notAfter());
    ca.rotate();
    assertThat(X509SvidVerifier.verify(old, BundleSet.of(ca.bundle()), clock.instant()))
        .isEqualTo(WEB);
  }

  @Test
  void jwtKeyTimeline() throws Exception {
    CaStatus.JwtKey first = ca.status().activeJwtKey();
    assertThat(first.notBefore()).isEqualTo(CaTesting.START.minusSeconds(10));
    assertThat(first.notBefore()).isEqualTo(ca.status().activeX509Ca().notBefore());
    assertThat(first.notAfter()).isEqualTo(CaTesting.START.plus(Duration.ofHours(24)));
    Instant prepareAt = half(first.notBefore(), first.notAfter());
    Instant activateAt = fiveSixths(first.notBefore(), first.notAfter());

    clock.set(prepareAt.minusSeconds(1));
    ca.rotate();
    assertThat(ca.status().nextJwtKey()).isEmpty();
    assertThat(ca.bundle().jwtAuthorities().keySet()).containsExactly(first.kid());

    clock.set(prepareAt);
    assertThat(ca.rotate()).isTrue();
    CaStatus.JwtKey next = ca.status().nextJwtKey().orElseThrow();
    assertThat(ca.bundle().jwtAuthorities().keySet()).containsExactly(first.kid(), next.kid());
    assertThat(kidOf(ca.mintJwtSvid(WEB, Set.of("api"), Duration.ZERO))).isEqualTo(first.kid());

    clock.set(activateAt);
    assertThat(ca.rotate()).isFalse();
    assertThat(ca.status().activeJwtKey()).isEqualTo(next);
    assertThat(ca.status().retiredJwtKeys()).containsExactly(first);
    String token = ca.mintJwtSvid(WEB, Set.of("api"), Duration.ZERO);
    assertThat(kidOf(token)).isEqualTo(next.kid());
    assertThat(
            JwtSvidVerifier.verify(token, "api", BundleSet.of(ca.bundle()), clock.instant()).id())
        .isEqualTo(WEB);

    clock.set(first.notAfter().plusSeconds(1));
    assertThat(ca.rotate()).isTrue();
    assertThat(ca.bundle().jwtAuthorities()).doesNotContainKey(first.kid()).containsKey(next.kid());
    assertThat(keys.load(first.keyId())).isEmpty();
  }

  @Test
  void aCaLeftWithoutRotationRefusesToSignOnceExpired() throws Exception {
    CaStatus.X509Ca first = ca.status().activeX509Ca();
    CaStatus.JwtKey jwt = ca.status().activeJwtKey();
    clock.set(first.notAfter());
    IssuanceTest.assertRejected(
        () -> ca.signX509Svid(WEB, workload, Duration.ZERO, List.of()),
        "X.509 CA: expired at "
            + first.notAfter()
            + " (expected: rotate() to be called regularly)");
    IssuanceTest.assertRejected(
        () -> ca.mintJwtSvid(WEB, Set.of("api"), Duration.ZERO),
        "JWT-SVID "
            + WEB
            + ": the JWT key "
            + jwt.kid()
            + " expired at "
            + jwt.notAfter()
            + " (expected: rotate() to run regularly)");
    ca.rotate();
    assertThat(X509SvidVerifier.verify(sign(), BundleSet.of(ca.bundle()), clock.instant()))
        .isEqualTo(WEB);
  }

  @Test
  void aLongPauseReplacesEverythingAndPrunesWhatExpired() throws Exception {
    CaStatus before = ca.status();
    clock.advance(Duration.ofDays(3));
    assertThat(ca.rotate()).isTrue();
    CaStatus after = ca.status();
    assertThat(after.activeX509Ca().serial()).isNotEqualTo(before.activeX509Ca().serial());
    assertThat(after.activeX509Ca().notBefore()).isEqualTo(clock.instant().minusSeconds(10));
    assertThat(after.retiredX509Cas()).isEmpty();
    assertThat(after.retiredJwtKeys()).isEmpty();
    assertThat(ca.bundle().x509Authorities()).hasSize(1);
    assertThat(ca.bundle().jwtAuthorities()).hasSize(1);
    assertThat(keys.load(before.activeX509Ca().keyId())).isEmpty();
    assertThat(keys.load(before.activeJwtKey().keyId())).isEmpty();
    assertThat(X509SvidVerifier.verify(sign(), BundleSet.of(ca.bundle()), clock.instant()))
        .isEqualTo(WEB);
  }

  @Test
  void severalRotationsKeepAtMostThreeRootsPublished() throws Exception {
    for (int hour = 0; hour < 24 * 6; hour++) {
      clock.advance(Duration.ofHours(1));
      ca.rotate();
      List<X509Certificate> chain = sign();
      assertThat(X509SvidVerifier.verify(chain, BundleSet.of(ca.bundle()), clock.instant()))
          .isEqualTo(WEB);
      assertThat(ca.bundle().x509Authorities()).hasSizeBetween(1, 3);
      assertThat(ca.bundle().jwtAuthorities()).hasSizeBetween(1, 3);
    }
    assertThat(dir.resolve("keys").toFile().list()).hasSizeBetween(2, 6);
  }

  @Test
  void signingRunsConcurrentlyWithRotation() throws Exception {
    int threads = 4;
    AtomicBoolean stop = new AtomicBoolean();
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<List<X509Certificate>> chains = new ConcurrentLinkedQueue<>();
    CountDownLatch started = new CountDownLatch(threads);
    List<Thread> signers = new java.util.ArrayList<>();
    for (int i = 0; i < threads; i++) {
      signers.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    started.countDown();
                    int n = 0;
                    while (!stop.get() && n++ < 2_000) {
                      try {
                        chains.add(
                            ca.signX509Svid(WEB, workload, Duration.ofMinutes(1), List.of()));
                      } catch (Throwable t) {
                        failures.add(t);
                      }
                    }
                  }));
    }
    started.await();
    Set<X509Certificate> everPublished = new java.util.HashSet<>(ca.bundle().x509Authorities());
    for (int step = 0; step < 12; step++) {
      clock.advance(Duration.ofHours(2));
      ca.rotate();
      everPublished.addAll(ca.bundle().x509Authorities());
    }
    stop.set(true);
    for (Thread t : signers) {
      t.join();
    }
    assertThat(failures).isEmpty();
    assertThat(chains).isNotEmpty();
    for (List<X509Certificate> chain : chains) {
      assertThat(everPublished)
          .anyMatch(root -> CaTesting.signedBy(chain.getFirst(), root.getPublicKey()));
    }
  }

  private List<X509Certificate> sign() throws CaException {
    return ca.signX509Svid(WEB, workload, Duration.ZERO, List.of());
  }

  private BigInteger signerOf(List<X509Certificate> chain) {
    return CaTesting.issuerSerial(chain.getFirst(), ca.bundle().x509Authorities());
  }

  private static List<BigInteger> serials(TrustBundle bundle) {
    return bundle.x509Authorities().stream().map(X509Certificate::getSerialNumber).toList();
  }

  private static String kidOf(String token) throws Exception {
    return SignedJWT.parse(token).getHeader().getKeyID();
  }

  static Instant half(Instant notBefore, Instant notAfter) {
    return notBefore.plus(Duration.between(notBefore, notAfter).dividedBy(2));
  }

  static Instant fiveSixths(Instant notBefore, Instant notAfter) {
    return notBefore.plus(Duration.between(notBefore, notAfter).multipliedBy(5).dividedBy(6));
  }
}
