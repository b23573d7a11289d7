package dev.weft.identity.workloadapi;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;

/**
 * Checks that a private key belongs to a certificate's public key, by signing a random challenge
 * and verifying it. (X509Svid does not check this itself; an SVID whose key does not match its
 * certificate would fail every handshake, so the client refuses it up front.)
 */
final class KeyPairs {
  private static final SecureRandom RANDOM = new SecureRandom();

  private KeyPairs() {}

  static boolean match(PrivateKey privateKey, PublicKey publicKey) {
    String algorithm =
        switch (privateKey.getAlgorithm()) {
          case "EC" -> "SHA256withECDSA";
          case "RSA" -> "SHA256withRSA";
          case "EdDSA", "Ed25519" -> "Ed25519";
          default -> null;
        };
    if (algorithm == null || !privateKey.getAlgorithm().equals(publicKey.getAlgorithm())) {
      return false;
    }
    byte[] challenge = new byte[32];
    RANDOM.nextBytes(challenge);
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(privateKey);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(challenge);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
