package dev.weft.trust.server;

import dev.weft.identity.bundle.BundleSet;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.source.IdentitySnapshot;
import dev.weft.identity.source.IdentitySource;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.svid.SvidException;
import dev.weft.identity.svid.X509Svid;
import dev.weft.trust.ca.CaException;
import dev.weft.trust.ca.CertificateAuthority;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The trust server's own X.509-SVID ({@code spiffe://<td>/weft/server}), which it presents on the
 * node API. Being the CA, the server signs it itself; it renews at half-life and whenever the
 * bundle changes. The snapshot swaps atomically; {@link #current()} is a volatile read.
 */
final class ServerIdentity implements IdentitySource {
  private final CertificateAuthority ca;
  private final SpiffeId id;
  private final Clock clock;
  private final KeyPair keyPair;
  private volatile IdentitySnapshot snapshot;

  ServerIdentity(CertificateAuthority ca, Clock clock) throws CaException {
    this.ca = ca;
    this.id = SpiffeId.of(ca.bundle().trustDomain(), "weft", "server");
    this.clock = clock;
    this.keyPair = newKeyPair();
    renew(ca.bundle());
  }

  SpiffeId id() {
    return id;
  }

  @Override
  public IdentitySnapshot current() {
    return snapshot;
  }

  /** Renews if half the SVID's lifetime has passed. */
  void renewIfDue(TrustBundle bundle) throws CaException {
    X509Svid svid = snapshot.svid();
    Duration life = Duration.between(svid.issuedAt(), svid.expiresAt());
    Instant due = svid.issuedAt().plus(life.dividedBy(2));
    if (!clock.instant().isBefore(due)) {
      renew(bundle);
    }
  }

  /** Signs a fresh SVID and publishes it with {@code bundle}. */
  synchronized void renew(TrustBundle bundle) throws CaException {
    List<X509Certificate> chain =
        ca.signX509Svid(id, keyPair.getPublic(), Duration.ZERO, List.of("localhost"));
    try {
      snapshot =
          new IdentitySnapshot(X509Svid.of(chain, keyPair.getPrivate(), ""), BundleSet.of(bundle));
    } catch (SvidException e) {
      throw new CaException("server SVID is malformed: " + e.getMessage(), e);
    }
  }

  private static KeyPair newKeyPair() throws CaException {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new CaException("cannot generate the server's key: " + e.getMessage(), e);
    }
  }
}
