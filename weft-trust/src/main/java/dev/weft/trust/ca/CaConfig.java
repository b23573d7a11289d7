package dev.weft.trust.ca;

import dev.weft.identity.spiffeid.TrustDomain;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Configuration of the certificate authority of one trust domain.
 *
 * @param trustDomain the trust domain whose SVIDs the CA signs
 * @param caTtl lifetime of each X.509 CA certificate and JWT signing key; default {@link
 *     #DEFAULT_CA_TTL} (24h). A CA is rotated at 5/6 of its lifetime, its successor prepared and
 *     published at 1/2.
 * @param defaultX509SvidTtl lifetime of an X.509-SVID when the caller asks for none; default {@link
 *     #DEFAULT_X509_SVID_TTL} (1h). Must be shorter than {@code caTtl}.
 * @param defaultJwtSvidTtl lifetime of a JWT-SVID when the caller asks for none; default {@link
 *     #DEFAULT_JWT_SVID_TTL} (5m)
 * @param keyType type of the CA and JWT signing keys; default {@link KeyType#EC_P256}
 * @param subject the CA certificate's subject; default {@link CaSubject#DEFAULT} ({@code O=Weft})
 * @param upstream the authority that signs the CA, which then is an intermediate; default none (the
 *     CA is a self-signed root)
 */
public record CaConfig(
    TrustDomain trustDomain,
    Duration caTtl,
    Duration defaultX509SvidTtl,
    Duration defaultJwtSvidTtl,
    KeyType keyType,
    CaSubject subject,
    Optional<UpstreamAuthority> upstream) {

  public static final Duration DEFAULT_CA_TTL = Duration.ofHours(24);
  public static final Duration DEFAULT_X509_SVID_TTL = Duration.ofHours(1);
  public static final Duration DEFAULT_JWT_SVID_TTL = Duration.ofMinutes(5);
  public static final KeyType DEFAULT_KEY_TYPE = KeyType.EC_P256;

  /**
   * Validates the configuration.
   *
   * @throws IllegalArgumentException naming the field, its value and what is expected, for example
   *     {@code "caTtl: PT0S (expected: > 0)"}
   */
  public CaConfig {
    Objects.requireNonNull(trustDomain, "trustDomain");
    Objects.requireNonNull(keyType, "keyType");
    Objects.requireNonNull(upstream, "upstream");
    positive("caTtl", caTtl);
    positive("defaultX509SvidTtl", defaultX509SvidTtl);
    positive("defaultJwtSvidTtl", defaultJwtSvidTtl);
    if (caTtl.compareTo(defaultX509SvidTtl) <= 0) {
      throw new IllegalArgumentException(
          "defaultX509SvidTtl: " + defaultX509SvidTtl + " (expected: < caTtl " + caTtl + ")");
    }
    Objects.requireNonNull(subject, "subject");
  }

  /**
   * The defaults for {@code trustDomain}: 24h CA, 1h X.509-SVIDs, 5m JWT-SVIDs, EC P-256, O=Weft,
   * self-signed.
   */
  public static CaConfig defaults(TrustDomain trustDomain) {
    return new CaConfig(
        trustDomain,
        DEFAULT_CA_TTL,
        DEFAULT_X509_SVID_TTL,
        DEFAULT_JWT_SVID_TTL,
        DEFAULT_KEY_TYPE,
        CaSubject.DEFAULT,
        Optional.empty());
  }

  /** A copy with {@code caTtl}. */
  public CaConfig withCaTtl(Duration caTtl) {
    return new CaConfig(
        trustDomain, caTtl, defaultX509SvidTtl, defaultJwtSvidTtl, keyType, subject, upstream);
  }

  /** A copy with the default SVID lifetimes. */
  public CaConfig withSvidTtls(Duration x509, Duration jwt) {
    return new CaConfig(trustDomain, caTtl, x509, jwt, keyType, subject, upstream);
  }

  /** A copy with {@code keyType}. */
  public CaConfig withKeyType(KeyType keyType) {
    return new CaConfig(
        trustDomain, caTtl, defaultX509SvidTtl, defaultJwtSvidTtl, keyType, subject, upstream);
  }

  /** A copy whose CA is signed by {@code upstream}. */
  public CaConfig withUpstream(UpstreamAuthority upstream) {
    return new CaConfig(
        trustDomain,
        caTtl,
        defaultX509SvidTtl,
        defaultJwtSvidTtl,
        keyType,
        subject,
        Optional.of(upstream));
  }

  private static void positive(String field, Duration value) {
    Objects.requireNonNull(value, field);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(field + ": " + value + " (expected: > 0)");
    }
  }
}
