package dev.weft.testing;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/** Fresh key pairs for tests. */
public final class Keys {
  private Keys() {}

  /** A new EC P-256 key pair. */
  public static KeyPair ec256() {
    return ec("secp256r1");
  }

  /** A new EC P-384 key pair. */
  public static KeyPair ec384() {
    return ec("secp384r1");
  }

  /** A new RSA 2048 key pair. */
  public static KeyPair rsa2048() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair ec(String curve) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec(curve));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
