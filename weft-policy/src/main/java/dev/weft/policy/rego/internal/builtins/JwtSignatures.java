package dev.weft.policy.rego.internal.builtins;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** JWS signature checks; every failure, whatever its cause, is "not verified" (fail closed). */
final class JwtSignatures {

  private JwtSignatures() {}

  static String hash(String alg) {
    return switch (alg.substring(2)) {
      case "384" -> "SHA-384";
      case "512" -> "SHA-512";
      default -> "SHA-256";
    };
  }

  /**
   * Verifies {@code signature} over {@code signingInput} with {@code key} for JWS {@code alg}.
   *
   * @param anyCurve whether an ECDSA key of any curve is accepted (OPA's io.jwt.verify_esNNN)
   */
  static boolean verify(
      String alg, Object key, String signingInput, byte[] signature, boolean anyCurve) {
    byte[] input = signingInput.getBytes(StandardCharsets.UTF_8);
    try {
      switch (alg) {
        case "RS256", "RS384", "RS512" -> {
          if (!(key instanceof RSAPublicKey k)) {
            return false;
          }
          Signature s = Signature.getInstance(hash(alg).replace("-", "") + "withRSA");
          s.initVerify(k);
          s.update(input);
          return s.verify(signature);
        }
        case "PS256", "PS384", "PS512" -> {
          if (!(key instanceof RSAPublicKey k)) {
            return false;
          }
          String h = hash(alg);
          Signature s = Signature.getInstance("RSASSA-PSS");
          s.setParameter(
              new PSSParameterSpec(
                  h,
                  "MGF1",
                  new MGF1ParameterSpec(h),
                  MessageDigest.getInstance(h).getDigestLength(),
                  1));
          s.initVerify(k);
          s.update(input);
          return s.verify(signature);
        }
        case "ES256", "ES384", "ES512" -> {
          if (!(key instanceof ECPublicKey k) || !anyCurve && !curveMatches(alg, k)) {
            return false;
          }
          int n = signature.length / 2;
          if (n == 0
              || !anyCurve
                  && signature.length != 2 * ((k.getParams().getOrder().bitLength() + 7) / 8)) {
            return false;
          }
          BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, n));
          BigInteger sv = new BigInteger(1, Arrays.copyOfRange(signature, n, signature.length));
          if (r.signum() == 0 || sv.signum() == 0) {
            return false;
          }
          byte[] digest = MessageDigest.getInstance(hash(alg)).digest(input);
          Signature s = Signature.getInstance("NONEwithECDSA");
          s.initVerify(k);
          s.update(digest);
          return s.verify(der(r, sv));
        }
        case "HS256", "HS384", "HS512" -> {
          if (!(key instanceof byte[] secret) || secret.length == 0) {
            return false;
          }
          String macAlg = "Hmac" + hash(alg).replace("-", "");
          Mac mac = Mac.getInstance(macAlg);
          mac.init(new SecretKeySpec(secret, macAlg));
          return MessageDigest.isEqual(mac.doFinal(input), signature);
        }
        case "EdDSA" -> {
          if (!(key instanceof java.security.interfaces.EdECPublicKey k)) {
            return false;
          }
          Signature s = Signature.getInstance("Ed25519");
          s.initVerify(k);
          s.update(input);
          return s.verify(signature);
        }
        default -> {
          return false;
        }
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  private static boolean curveMatches(String alg, ECPublicKey k) {
    int bits = k.getParams().getOrder().bitLength();
    return switch (alg) {
      case "ES256" -> bits == 256;
      case "ES384" -> bits == 384;
      default -> bits == 521;
    };
  }

  /** A DER {@code SEQUENCE { INTEGER r, INTEGER s }}. */
  private static byte[] der(BigInteger r, BigInteger s) {
    byte[] rb = r.toByteArray();
    byte[] sb = s.toByteArray();
    byte[] body =
        new byte[rb.length + sb.length + 2 * lengthSize(Math.max(rb.length, sb.length)) + 2];
    int i = 0;
    i = tlv(body, i, rb);
    i = tlv(body, i, sb);
    byte[] content = Arrays.copyOf(body, i);
    byte[] out = new byte[1 + lengthSize(content.length) + content.length];
    out[0] = 0x30;
    int j = writeLength(out, 1, content.length);
    System.arraycopy(content, 0, out, j, content.length);
    return out;
  }

  private static int tlv(byte[] out, int i, byte[] value) {
    out[i++] = 0x02;
    i = writeLength(out, i, value.length);
    System.arraycopy(value, 0, out, i, value.length);
    return i + value.length;
  }

  private static int lengthSize(int len) {
    return len < 0x80 ? 1 : len < 0x100 ? 2 : 3;
  }

  private static int writeLength(byte[] out, int i, int len) {
    if (len < 0x80) {
      out[i++] = (byte) len;
    } else if (len < 0x100) {
      out[i++] = (byte) 0x81;
      out[i++] = (byte) len;
    } else {
      out[i++] = (byte) 0x82;
      out[i++] = (byte) (len >> 8);
      out[i++] = (byte) len;
    }
    return i;
  }
}
