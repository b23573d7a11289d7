package dev.weft.trust.config;

/** The key type of the trust server's CA: {@code ca_key_type: ec-p256|ec-p384|rsa-2048}. */
public enum CaKeyType {
  /** ECDSA on NIST P-256 (the default). */
  EC_P256("ec-p256"),
  /** ECDSA on NIST P-384. */
  EC_P384("ec-p384"),
  /** RSA with a 2048-bit modulus. */
  RSA_2048("rsa-2048");

  private final String configName;

  CaKeyType(String configName) {
    this.configName = configName;
  }

  /** The name in configuration files, for example {@code ec-p256}. */
  public String configName() {
    return configName;
  }
}
