package dev.weft.trust.ca;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One X.509 CA or JWT signing key the certificate authority holds, as recorded in the journal. The
 * private key stays in the {@link KeyManager} under {@code keyId}.
 *
 * @param kind X.509 CA or JWT key
 * @param keyId the key's ID in the key manager
 * @param state prepared, active or retired
 * @param notBefore start of validity (the CA certificate's, or the JWT key's creation)
 * @param notAfter end of validity; the slot is pruned once this has passed
 * @param publicKey the public key
 * @param certificate the CA certificate for {@link Kind#X509_CA}, {@code null} for a JWT key
 * @param kid the JWT key ID for {@link Kind#JWT_KEY}, {@code null} for an X.509 CA
 */
record Slot(
    Kind kind,
    String keyId,
    State state,
    Instant notBefore,
    Instant notAfter,
    PublicKey publicKey,
    X509Certificate certificate,
    String kid) {

  enum Kind {
    X509_CA("X.509 CA"),
    JWT_KEY("JWT key");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  enum State {
    /** Created and published, not yet signing. */
    PREPARED,
    /** Signing. */
    ACTIVE,
    /** No longer signing; kept (and published where applicable) until it expires. */
    RETIRED
  }

  Slot {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(notBefore, "notBefore");
    Objects.requireNonNull(notAfter, "notAfter");
    Objects.requireNonNull(publicKey, "publicKey");
    if ((kind == Kind.X509_CA) != (certificate != null)) {
      throw new IllegalArgumentException("certificate: required for an X.509 CA slot only");
    }
    if ((kind == Kind.JWT_KEY) != (kid != null)) {
      throw new IllegalArgumentException("kid: required for a JWT key slot only");
    }
  }

  static Slot x509(String keyId, State state, X509Certificate certificate) {
    return new Slot(
        Kind.X509_CA,
        keyId,
        state,
        certificate.getNotBefore().toInstant(),
        certificate.getNotAfter().toInstant(),
        certificate.getPublicKey(),
        certificate,
        null);
  }

  static Slot jwt(
      String keyId, State state, String kid, PublicKey key, Instant notBefore, Instant notAfter) {
    return new Slot(Kind.JWT_KEY, keyId, state, notBefore, notAfter, key, null, kid);
  }

  Slot withState(State newState) {
    return new Slot(kind, keyId, newState, notBefore, notAfter, publicKey, certificate, kid);
  }

  /** When the successor should be prepared: half way through the validity. */
  Instant prepareAt() {
    return notBefore.plus(lifetime().dividedBy(2));
  }

  /** When the successor should take over: at five sixths of the validity. */
  Instant activateNextAt() {
    return notBefore.plus(lifetime().multipliedBy(5).dividedBy(6));
  }

  Duration lifetime() {
    return Duration.between(notBefore, notAfter);
  }

  /** Whether the validity has passed: the slot can be pruned. */
  boolean expiredAt(Instant now) {
    return now.isAfter(notAfter);
  }

  String describe() {
    return kind
        + " "
        + (kind == Kind.X509_CA
            ? "serial " + certificate.getSerialNumber().toString(16)
            : "kid " + kid)
        + " (key "
        + keyId
        + ", notAfter "
        + notAfter
        + ")";
  }
}
