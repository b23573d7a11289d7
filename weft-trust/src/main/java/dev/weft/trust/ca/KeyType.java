package dev.weft.trust.ca;

import java.util.Locale;

/**
 * The type of the keys the certificate authority generates for its X.509 CAs and JWT signing keys.
 * Written in configuration as {@code ec-p256} (the default), {@code ec-p384} or {@code rsa-2048}.
 */
public enum KeyType {
  /** ECDSA on NIST P-256; X.509 signatures ecdsa-with-SHA256, JWTs ES256. */
  EC_P256("ec-p256", "EC", "secp256r1", 256, "SHA256withECDSA", "ES256"),
  /** ECDSA on NIST P-384; X.509 signatures ecdsa-with-SHA384, JWTs ES384. */
  EC_P384("ec-p384", "EC", "secp384r1", 384, "SHA384withECDSA", "ES384"),
  /** RSA with a 2048-bit modulus; X.509 signatures sha256WithRSAEncryption, JWTs RS256. */
  RSA_2048("rsa-2048", "RSA", null, 2048, "SHA256withRSA", "RS256");

  private final String configName;
  private final String algorithm;
  private final String curve;
  private final int bits;
  private final String signatureAlgorithm;
  private final String jwsAlgorithm;

  KeyType(
      String configName,
      String algorithm,
      String curve,
      int bits,
      String signatureAlgorithm,
      String jwsAlgorithm) {
    this.configName = configName;
    this.algorithm = algorithm;
    this.curve = curve;
    this.bits = bits;
    this.signatureAlgorithm = signatureAlgorithm;
    this.jwsAlgorithm = jwsAlgorithm;
  }

  /**
   * Parses the configuration name ({@code ec-p256}, {@code ec-p384}, {@code rsa-2048}),
   * case-insensitively.
   *
   * @throws IllegalArgumentException naming the bad value and the accepted ones
   */
  public static KeyType parse(String name) {
    if (name != null) {
      String lower = name.trim().toLowerCase(Locale.ROOT);
      for (KeyType type : values()) {
        if (type.configName.equals(lower)) {
          return type;
        }
      }
    }
    throw new IllegalArgumentException(
        "key type: "
            + (name == null ? "null" : "\"" + name + "\"")
            + " (expected: ec-p256, ec-p384 or rsa-2048)");
  }

  /** The configuration name, for example {@code ec-p256}. */
  public String configName() {
    return configName;
  }

  /** The JCA key algorithm, {@code EC} or {@code RSA}. */
  String algorithm() {
    return algorithm;
  }

  /** The JCA curve name for EC keys; {@code null} for RSA. */
  String curve() {
    return curve;
  }

  /** The curve size or modulus length in bits. */
  int bits() {
    return bits;
  }

  /** The JCA signature algorithm used to sign certificates with a key of this type. */
  String signatureAlgorithm() {
    return signatureAlgorithm;
  }

  /** The JWS {@code alg} used to sign JWT-SVIDs with a key of this type. */
  String jwsAlgorithm() {
    return jwsAlgorithm;
  }

  @Override
  public String toString() {
    return configName;
  }
}
