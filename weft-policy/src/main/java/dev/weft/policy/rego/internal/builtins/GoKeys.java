package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.NumberValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.util.Base64;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Private keys as Go's {@code x509.ParsePKCS1PrivateKey}, {@code ParsePKCS8PrivateKey} and {@code
 * ParseECPrivateKey} read them, and as JSON: Go's structs ({@code N E D Primes Precomputed}, {@code
 * Curve X Y D}) or a JWK.
 */
final class GoKeys {

  /** A parsed private key and, for EC keys, its curve and public point. */
  record Parsed(PrivateKey key, String curveOid, BigInteger x, BigInteger y) {}

  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  private GoKeys() {}

  /** Parses a PEM block of type {@code RSA PRIVATE KEY}, {@code PRIVATE KEY} or {@code EC ...}. */
  static Parsed parse(String type, byte[] der) throws BuiltinException {
    try {
      return switch (type) {
        case "RSA PRIVATE KEY" -> {
          RSAPrivateKey k = RSAPrivateKey.getInstance(der);
          yield new Parsed(
              KeyFactory.getInstance("RSA")
                  .generatePrivate(
                      new RSAPrivateCrtKeySpec(
                          k.getModulus(),
                          k.getPublicExponent(),
                          k.getPrivateExponent(),
                          k.getPrime1(),
                          k.getPrime2(),
                          k.getExponent1(),
                          k.getExponent2(),
                          k.getCoefficient())),
              null,
              null,
              null);
        }
        case "EC PRIVATE KEY" -> {
          org.bouncycastle.asn1.sec.ECPrivateKey k =
              org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(der);
          ASN1ObjectIdentifier curve = ASN1ObjectIdentifier.getInstance(k.getParametersObject());
          PrivateKeyInfo info =
              new PrivateKeyInfo(
                  new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curve), k);
          yield ec(info.getEncoded(), curve);
        }
        case "PRIVATE KEY" -> pkcs8(der);
        default -> throw BuiltinException.failure("unsupported private key type " + type);
      };
    } catch (GeneralSecurityException | java.io.IOException | RuntimeException e) {
      throw BuiltinException.failure("x509: failed to parse private key: " + e.getMessage());
    }
  }

  static Parsed pkcs8(byte[] der) throws GeneralSecurityException, java.io.IOException {
    PrivateKeyInfo info = PrivateKeyInfo.getInstance(der);
    String alg = info.getPrivateKeyAlgorithm().getAlgorithm().getId();
    return switch (alg) {
      case "1.2.840.113549.1.1.1" ->
          new Parsed(
              KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der)),
              null,
              null,
              null);
      case "1.2.840.10045.2.1" ->
          ec(der, ASN1ObjectIdentifier.getInstance(info.getPrivateKeyAlgorithm().getParameters()));
      case "1.3.101.112" ->
          new Parsed(
              KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der)),
              null,
              null,
              null);
      default ->
          throw new GeneralSecurityException(
              "PKCS#8 wrapping contained private key with unknown algorithm: " + alg);
    };
  }

  private static Parsed ec(byte[] pkcs8, ASN1ObjectIdentifier curve)
      throws GeneralSecurityException {
    ECPrivateKey key =
        (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    X9ECParameters params = ECNamedCurveTable.getByOID(curve);
    ECPoint q = params.getG().multiply(key.getS()).normalize();
    return new Parsed(
        key, curve.getId(), q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
  }

  /** Go's JSON of the private key struct. */
  static Value json(Parsed p) {
    return switch (p.key()) {
      case RSAPrivateCrtKey k ->
          ObjectValue.builder()
              .put("N", NumberValue.of(k.getModulus()))
              .put("E", NumberValue.of(k.getPublicExponent()))
              .put("D", NumberValue.of(k.getPrivateExponent()))
              .put(
                  "Primes",
                  ArrayValue.of(NumberValue.of(k.getPrimeP()), NumberValue.of(k.getPrimeQ())))
              .put(
                  "Precomputed",
                  ObjectValue.builder()
                      .put("Dp", NumberValue.of(k.getPrimeExponentP()))
                      .put("Dq", NumberValue.of(k.getPrimeExponentQ()))
                      .put("Qinv", NumberValue.of(k.getCrtCoefficient()))
                      .put("CRTValues", ArrayValue.EMPTY)
                      .build())
              .build();
      case ECPrivateKey k ->
          ObjectValue.builder()
              .put("Curve", ObjectValue.EMPTY)
              .put("X", NumberValue.of(p.x()))
              .put("Y", NumberValue.of(p.y()))
              .put("D", NumberValue.of(k.getS()))
              .build();
      case EdECPrivateKey k -> {
        byte[] seed = k.getBytes().orElse(new byte[32]);
        byte[] pub = new Ed25519PrivateKeyParameters(seed).generatePublicKey().getEncoded();
        byte[] both = java.util.Arrays.copyOf(seed, 64);
        System.arraycopy(pub, 0, both, 32, 32);
        yield GoX509Json.bytes(both);
      }
      default -> dev.weft.policy.rego.value.NullValue.NULL;
    };
  }

  /** The key as a JWK, as OPA's {@code crypto.x509.parse_rsa_private_key} gives it. */
  static Value jwk(Parsed p) throws BuiltinException {
    return switch (p.key()) {
      case RSAPrivateCrtKey k ->
          ObjectValue.builder()
              .put("kty", StringValue.of("RSA"))
              .put("n", b64(k.getModulus()))
              .put("e", b64(k.getPublicExponent()))
              .put("d", b64(k.getPrivateExponent()))
              .put("p", b64(k.getPrimeP()))
              .put("q", b64(k.getPrimeQ()))
              .put("dp", b64(k.getPrimeExponentP()))
              .put("dq", b64(k.getPrimeExponentQ()))
              .put("qi", b64(k.getCrtCoefficient()))
              .build();
      case ECPrivateKey k -> {
        String crv =
            switch (p.curveOid()) {
              case "1.2.840.10045.3.1.7" -> "P-256";
              case "1.3.132.0.34" -> "P-384";
              case "1.3.132.0.35" -> "P-521";
              default ->
                  throw BuiltinException.failure("unsupported elliptic curve " + p.curveOid());
            };
        int size = (k.getParams().getCurve().getField().getFieldSize() + 7) / 8;
        yield ObjectValue.builder()
            .put("kty", StringValue.of("EC"))
            .put("crv", StringValue.of(crv))
            .put("x", b64(p.x(), size))
            .put("y", b64(p.y(), size))
            .put("d", b64(k.getS(), size))
            .build();
      }
      default ->
          throw BuiltinException.failure(
              "invalid key type " + p.key().getAlgorithm() + " (expected: RSA or ECDSA)");
    };
  }

  /** Whether the private key belongs to the public key. */
  static boolean matches(Parsed p, PublicKey pub) {
    return switch (p.key()) {
      case RSAPrivateCrtKey k ->
          pub instanceof java.security.interfaces.RSAPublicKey r
              && r.getModulus().equals(k.getModulus())
              && r.getPublicExponent().equals(k.getPublicExponent());
      case ECPrivateKey k ->
          pub instanceof java.security.interfaces.ECPublicKey e
              && e.getW().getAffineX().equals(p.x())
              && e.getW().getAffineY().equals(p.y());
      case EdECPrivateKey k ->
          pub instanceof java.security.interfaces.EdECPublicKey
              && java.util.Arrays.equals(
                  GoX509Json.ed25519Raw(pub.getEncoded()),
                  new Ed25519PrivateKeyParameters(k.getBytes().orElse(new byte[32]))
                      .generatePublicKey()
                      .getEncoded());
      default -> false;
    };
  }

  private static Value b64(BigInteger v) {
    byte[] raw = v.toByteArray();
    if (raw.length > 1 && raw[0] == 0) {
      raw = java.util.Arrays.copyOfRange(raw, 1, raw.length);
    }
    return StringValue.of(B64URL.encodeToString(raw));
  }

  private static Value b64(BigInteger v, int size) {
    byte[] raw = v.toByteArray();
    byte[] out = new byte[size];
    int copy = Math.min(raw.length, size);
    System.arraycopy(raw, raw.length - copy, out, size - copy, copy);
    return StringValue.of(B64URL.encodeToString(out));
  }
}
