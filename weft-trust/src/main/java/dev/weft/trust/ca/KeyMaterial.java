package dev.weft.trust.ca;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Optional;
import org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/** Key generation, key checks and key-type detection. Stateless; messages hold no key material. */
final class KeyMaterial {
  /** Largest RSA modulus accepted from a workload (bigger keys only cost the CA time). */
  static final int MAX_RSA_BITS = 8192;

  static final SecureRandom RANDOM = new SecureRandom();

  private static final ECParameterSpec P256 = namedCurve("secp256r1");
  private static final ECParameterSpec P384 = namedCurve("secp384r1");

  private KeyMaterial() {}

  /** A fresh key pair of {@code type} from the JDK's default provider. */
  static KeyPair generate(KeyType type) throws CaException {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(type.algorithm());
      if (type.curve() != null) {
        generator.initialize(new ECGenParameterSpec(type.curve()), RANDOM);
      } else {
        generator.initialize(type.bits(), RANDOM);
      }
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new CaException("key generation: " + type + " is not available: " + e.getMessage(), e);
    }
  }

  /** The key type {@code key} has, if it is one of {@link KeyType}'s exactly. */
  static Optional<KeyType> typeOf(PublicKey key) {
    if (key instanceof ECPublicKey ec) {
      if (sameCurve(ec.getParams(), P256)) {
        return Optional.of(KeyType.EC_P256);
      }
      if (sameCurve(ec.getParams(), P384)) {
        return Optional.of(KeyType.EC_P384);
      }
    } else if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() == 2048) {
      return Optional.of(KeyType.RSA_2048);
    }
    return Optional.empty();
  }

  /**
   * The signature algorithm for a CA key: the key's own {@link KeyType}'s, or SHA-256 with RSA for
   * any RSA key (an upstream authority may have a larger one).
   */
  static String signatureAlgorithm(PublicKey key) throws CaException {
    Optional<KeyType> type = typeOf(key);
    if (type.isPresent()) {
      return type.get().signatureAlgorithm();
    }
    if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() >= 2048) {
      return "SHA256withRSA";
    }
    throw new CaException(
        "signing key: " + describe(key) + " (expected: EC P-256, EC P-384 or RSA >= 2048 bits)");
  }

  /**
   * Checks that a workload's public key is EC P-256, EC P-384 or RSA of 2048 to 8192 bits.
   *
   * @throws CaException naming the key's type and size
   */
  static void checkWorkloadKey(PublicKey key) throws CaException {
    if (key instanceof ECPublicKey ec
        && (sameCurve(ec.getParams(), P256) || sameCurve(ec.getParams(), P384))) {
      return;
    }
    if (key instanceof RSAPublicKey rsa) {
      int bits = rsa.getModulus().bitLength();
      if (bits >= 2048 && bits <= MAX_RSA_BITS) {
        return;
      }
    }
    throw new CaException(
        "public key: "
            + describe(key)
            + " (expected: EC P-256, EC P-384 or RSA of 2048 to "
            + MAX_RSA_BITS
            + " bits)");
  }

  /** A short description such as {@code RSA 1024 bits} or {@code EC P-256}; no key material. */
  static String describe(PublicKey key) {
    if (key == null) {
      return "none";
    }
    if (key instanceof ECPublicKey ec) {
      if (sameCurve(ec.getParams(), P256)) {
        return "EC P-256";
      }
      if (sameCurve(ec.getParams(), P384)) {
        return "EC P-384";
      }
      return "EC "
          + ec.getParams().getCurve().getField().getFieldSize()
          + " bits (not P-256/P-384)";
    }
    if (key instanceof RSAPublicKey rsa) {
      return "RSA " + rsa.getModulus().bitLength() + " bits";
    }
    return key.getAlgorithm();
  }

  /**
   * The public key that belongs to {@code key}: computed from the private scalar for EC, taken from
   * the CRT parameters for RSA.
   */
  static PublicKey publicKeyOf(PrivateKey key) throws CaException {
    try {
      if (key instanceof ECPrivateKey ec) {
        org.bouncycastle.jce.spec.ECParameterSpec spec = EC5Util.convertSpec(ec.getParams());
        org.bouncycastle.math.ec.ECPoint q =
            new FixedPointCombMultiplier().multiply(spec.getG(), ec.getS()).normalize();
        ECPoint w =
            new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, ec.getParams()));
      }
      if (key instanceof RSAPrivateCrtKey rsa) {
        return KeyFactory.getInstance("RSA")
            .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new CaException("private key: its public key cannot be derived", e);
    }
    throw new CaException(
        "private key: algorithm "
            + key.getAlgorithm()
            + " (expected: EC or RSA with CRT parameters)");
  }

  /** Whether {@code privateKey} belongs to {@code publicKey}, by signing and verifying a nonce. */
  static boolean matches(PrivateKey privateKey, PublicKey publicKey) {
    if (!privateKey.getAlgorithm().equals(publicKey.getAlgorithm())) {
      return false;
    }
    try {
      String algorithm =
          privateKey.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
      byte[] nonce = new byte[32];
      RANDOM.nextBytes(nonce);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(privateKey);
      signer.update(nonce);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(nonce);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /** A random positive serial number of up to 128 bits, never zero. */
  static BigInteger randomSerial() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    bytes[0] &= 0x7f;
    BigInteger serial = new BigInteger(bytes);
    return serial.signum() == 0 ? BigInteger.ONE : serial;
  }

  private static boolean sameCurve(ECParameterSpec a, ECParameterSpec b) {
    return a.getOrder().equals(b.getOrder())
        && a.getCofactor() == b.getCofactor()
        && a.getGenerator().equals(b.getGenerator())
        && a.getCurve().equals(b.getCurve());
  }

  private static ECParameterSpec namedCurve(String name) {
    try {
      AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
      params.init(new ECGenParameterSpec(name));
      return params.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("curve " + name + " is not available", e);
    }
  }
}
