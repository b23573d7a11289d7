package dev.weft.trust.ca;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the certificate authority holds at one moment, for health checks and logs. No key material.
 *
 * @param activeX509Ca the X.509 CA that signs X.509-SVIDs now
 * @param nextX509Ca the X.509 CA prepared to take over, if one has been prepared
 * @param retiredX509Cas former X.509 CAs kept (in the bundle when self-signed) until they expire
 * @param activeJwtKey the key that signs JWT-SVIDs now
 * @param nextJwtKey the JWT key prepared to take over, if any
 * @param retiredJwtKeys former JWT keys kept in the bundle until they expire
 * @param upstream whether the X.509 CA is an intermediate signed by an upstream authority
 */
public record CaStatus(
    X509Ca activeX509Ca,
    Optional<X509Ca> nextX509Ca,
    List<X509Ca> retiredX509Cas,
    JwtKey activeJwtKey,
    Optional<JwtKey> nextJwtKey,
    List<JwtKey> retiredJwtKeys,
    boolean upstream) {

  public CaStatus {
    Objects.requireNonNull(activeX509Ca, "activeX509Ca");
    Objects.requireNonNull(nextX509Ca, "nextX509Ca");
    retiredX509Cas = List.copyOf(retiredX509Cas);
    Objects.requireNonNull(activeJwtKey, "activeJwtKey");
    Objects.requireNonNull(nextJwtKey, "nextJwtKey");
    retiredJwtKeys = List.copyOf(retiredJwtKeys);
  }

  /**
   * One X.509 CA certificate.
   *
   * @param keyId the ID of its key in the {@link KeyManager}
   * @param serial the certificate's serial number
   * @param notBefore start of validity
   * @param notAfter end of validity
   */
  public record X509Ca(String keyId, BigInteger serial, Instant notBefore, Instant notAfter) {
    public X509Ca {
      Objects.requireNonNull(keyId, "keyId");
      Objects.requireNonNull(serial, "serial");
      Objects.requireNonNull(notBefore, "notBefore");
      Objects.requireNonNull(notAfter, "notAfter");
    }
  }

  /**
   * One JWT signing key.
   *
   * @param keyId the ID of its key in the {@link KeyManager}
   * @param kid the JWT key ID, as in the bundle and the JWT-SVID header
   * @param notBefore when it was created
   * @param notAfter when it leaves the bundle; JWT-SVIDs it signs expire no later
   */
  public record JwtKey(String keyId, String kid, Instant notBefore, Instant notAfter) {
    public JwtKey {
      Objects.requireNonNull(keyId, "keyId");
      Objects.requireNonNull(kid, "kid");
      Objects.requireNonNull(notBefore, "notBefore");
      Objects.requireNonNull(notAfter, "notAfter");
    }
  }
}
