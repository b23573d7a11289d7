package dev.weft.bench.issuance;

import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.trust.ca.CaConfig;
import dev.weft.trust.ca.CaException;
import dev.weft.trust.ca.CertificateAuthority;
import dev.weft.trust.ca.KeyManager;
import dev.weft.trust.ca.SigningBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A certificate authority for benchmarks: a fresh EC P-256 CA (default configuration, keys in
 * memory, journal in a temporary directory) that computes signatures with one {@link
 * SigningBackend}, and a pool of pre-generated P-256 workload public keys so that every issuance
 * signs a different key without timing key generation. Not thread-safe: one per thread.
 */
final class IssuanceFixture implements AutoCloseable {
  static final TrustDomain TRUST_DOMAIN = TrustDomain.parse("bench.weft");
  static final SpiffeId WORKLOAD = SpiffeId.of(TRUST_DOMAIN, "bench", "workload");

  private final Path dir;
  private final CertificateAuthority ca;
  private final PublicKey[] keys;
  private int next;

  private IssuanceFixture(Path dir, CertificateAuthority ca, PublicKey[] keys) {
    this.dir = dir;
    this.ca = ca;
    this.keys = keys;
  }

  /**
   * Opens a CA signing with {@code backend} and generates {@code poolSize} P-256 key pairs.
   *
   * @throws CaException if the CA cannot be created
   */
  static IssuanceFixture open(SigningBackend backend, int poolSize)
      throws CaException, IOException, GeneralSecurityException {
    Path dir = Files.createTempDirectory("weft-bench-ca-");
    CertificateAuthority ca =
        CertificateAuthority.open(
            CaConfig.defaults(TRUST_DOMAIN),
            KeyManager.memory(),
            dir.resolve("ca-journal.json"),
            Clock.systemUTC(),
            backend);
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    PublicKey[] keys = new PublicKey[poolSize];
    for (int i = 0; i < poolSize; i++) {
      keys[i] = generator.generateKeyPair().getPublic();
    }
    return new IssuanceFixture(dir, ca, keys);
  }

  /** Signs one X.509-SVID (default lifetime, no DNS names) for the next key of the pool. */
  List<X509Certificate> issue() throws CaException {
    PublicKey key = keys[next];
    next = next + 1 == keys.length ? 0 : next + 1;
    return ca.signX509Svid(WORKLOAD, key, Duration.ZERO, List.of());
  }

  /** The certificate authority, to check what it issued against its bundle. */
  CertificateAuthority ca() {
    return ca;
  }

  @Override
  public void close() {
    ca.close();
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
