package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code io.jwt.decode}, {@code io.jwt.verify_rs256/384/512 ps256/384/512 es256/384/512
 * hs256/384/512 eddsa}, {@code io.jwt.decode_verify} and (in {@link JwtEncode}) {@code
 * io.jwt.encode_sign io.jwt.encode_sign_raw}. Verification fails closed: a key of the wrong type, a
 * malformed signature or an unsupported algorithm is "not verified".
 */
final class JwtBuiltins {

  private JwtBuiltins() {}

  static List<Builtin> all() {
    List<Builtin> out = new java.util.ArrayList<>();
    out.add(Fn.of1("io.jwt.decode", JwtBuiltins::decode));
    for (String alg :
        List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512")) {
      out.add(
          Fn.of2(
              "io.jwt.verify_" + alg.toLowerCase(java.util.Locale.ROOT),
              (a, b) -> verify(alg, a, b)));
    }
    for (String alg : List.of("HS256", "HS384", "HS512")) {
      out.add(
          Fn.of2(
              "io.jwt.verify_" + alg.toLowerCase(java.util.Locale.ROOT),
              (a, b) -> verifyHmac(alg, a, b)));
    }
    out.add(Fn.of2("io.jwt.verify_eddsa", (a, b) -> verify("EdDSA", a, b)));
    out.add(new Fn("io.jwt.decode_verify", 2, JwtDecodeVerify::call));
    out.addAll(JwtEncode.all());
    return out;
  }

  private static Value decode(Value a) throws BuiltinException {
    JwtToken token = JwtToken.split(a);
    ObjectValue header = token.decodedHeader();
    String payload = JwtToken.decodeText(token.payload, "payload");
    if (header.get("cty") instanceof StringValue cty && cty.value().equals("JWT")) {
      String inner = payload.replaceAll("^[\"']+|[\"']+$", "");
      return decode(StringValue.of(inner));
    }
    ObjectValue claims = JwtToken.jsonObject(payload);
    byte[] sig;
    try {
      sig = token.signatureBytes();
    } catch (BuiltinException e) {
      throw BuiltinException.failure("JWT signature had invalid encoding: " + e.getMessage());
    }
    return ArrayValue.of(header, claims, StringValue.of(HexFormat.of().formatHex(sig)));
  }

  /** OPA's {@code builtinJWTVerify} with the checks of {@code verify_<alg>}. */
  private static Value verify(String alg, Value jwt, Value key) throws BuiltinException {
    JwtToken token = JwtToken.split(jwt);
    List<JwtKeys.VerificationKey> keys = JwtKeys.parse(Operands.string(key, 2));
    byte[] signature = token.signatureBytes();
    JwtToken.Header header = JwtToken.Header.of(token.decodedHeader());
    String input = token.signingInput();
    if (!header.kid().isEmpty()) {
      for (JwtKeys.VerificationKey k : keys) {
        if (k.kid().equals(header.kid())) {
          return BooleanValue.of(JwtSignatures.verify(alg, k.key(), input, signature, true));
        }
      }
    }
    for (JwtKeys.VerificationKey k : keys) {
      if (!k.alg().isEmpty() && !k.alg().equals(header.alg())) {
        continue;
      }
      if (JwtSignatures.verify(alg, k.key(), input, signature, true)) {
        return BooleanValue.TRUE;
      }
    }
    return BooleanValue.FALSE;
  }

  private static Value verifyHmac(String alg, Value jwt, Value secret) throws BuiltinException {
    Operands.string(jwt, 1);
    String s = Operands.string(secret, 2);
    JwtToken token = JwtToken.split(jwt);
    byte[] signature = token.signatureBytes();
    return BooleanValue.of(
        JwtSignatures.verify(
            alg, s.getBytes(StandardCharsets.UTF_8), token.signingInput(), signature, true));
  }
}
