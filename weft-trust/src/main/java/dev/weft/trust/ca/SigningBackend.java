package dev.weft.trust.ca;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.util.Optional;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * How the certificate authority computes signatures. {@link CertificateAuthority#open(CaConfig,
 * KeyManager, java.nio.file.Path, java.time.Clock)} uses {@link #AUTO}. The type is public only so
 * that benchmarks can open a CA with another choice ({@link CertificateAuthority#open(CaConfig,
 * KeyManager, java.nio.file.Path, java.time.Clock, SigningBackend)}) and compare their cost: every
 * choice signs certificates that verify against the same roots. How a backend signs is
 * package-private.
 */
public enum SigningBackend {
  /**
   * Bouncy Castle's lightweight ECDSA on its optimised P-256/P-384 curves for EC keys (about twice
   * as fast as the JDK's SunEC on JDK 25), the JDK's default provider for RSA.
   */
  AUTO,
  /** A {@link Signature} from the JDK's default providers (SunEC, SunRsaSign) per signature. */
  JCA_DEFAULT,
  /** A {@link Signature} from an unregistered Bouncy Castle JCA provider per signature. */
  JCA_BOUNCY_CASTLE;

  /** Signs raw bytes (a DER TBSCertificate). Implementations are immutable and thread-safe. */
  @FunctionalInterface
  interface RawSigner {
    byte[] sign(byte[] data) throws GeneralSecurityException;
  }

  /** The JCA provider JWT signing should use, empty for the JDK's default. */
  Optional<Provider> jcaProvider() {
    return this == JCA_BOUNCY_CASTLE ? Optional.of(BouncyCastle.PROVIDER) : Optional.empty();
  }

  /** A signer for {@code key} producing {@code algorithm} (a JCA name) signatures. */
  RawSigner signer(PrivateKey key, String algorithm) {
    if (this == AUTO && key instanceof ECPrivateKey ec) {
      String curve =
          switch (algorithm) {
            case "SHA256withECDSA" -> "secp256r1";
            case "SHA384withECDSA" -> "secp384r1";
            default -> null;
          };
      if (curve != null) {
        return lightweightEcdsa(ec, curve, algorithm.startsWith("SHA384"));
      }
    }
    Provider provider = jcaProvider().orElse(null);
    return data -> {
      Signature signature =
          provider == null
              ? Signature.getInstance(algorithm)
              : Signature.getInstance(algorithm, provider);
      signature.initSign(key);
      signature.update(data);
      return signature.sign();
    };
  }

  private static RawSigner lightweightEcdsa(ECPrivateKey key, String curve, boolean sha384) {
    X9ECParameters params = CustomNamedCurves.getByName(curve);
    ECDomainParameters domain = new ECDomainParameters(params);
    ECPrivateKeyParameters privateKey = new ECPrivateKeyParameters(key.getS(), domain);
    return data -> {
      Digest digest = sha384 ? new SHA384Digest() : new SHA256Digest();
      digest.update(data, 0, data.length);
      byte[] hash = new byte[digest.getDigestSize()];
      digest.doFinal(hash, 0);
      ECDSASigner signer = new ECDSASigner();
      signer.init(true, new ParametersWithRandom(privateKey, KeyMaterial.RANDOM));
      java.math.BigInteger[] rs = signer.generateSignature(hash);
      try {
        return StandardDSAEncoding.INSTANCE.encode(domain.getN(), rs[0], rs[1]);
      } catch (java.io.IOException e) {
        throw new java.security.SignatureException("ECDSA signature cannot be encoded", e);
      }
    };
  }

  /** Holder, so the provider is created only if used. */
  private static final class BouncyCastle {
    static final Provider PROVIDER = new BouncyCastleProvider();
  }
}
