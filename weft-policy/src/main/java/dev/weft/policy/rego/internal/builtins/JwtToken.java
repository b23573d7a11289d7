package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A JWS in compact serialization, split and decoded as OPA's {@code tokens.go} does. Error messages
 * follow OPA's but never repeat the token's text.
 */
final class JwtToken {

  final String header;
  final String payload;
  final String signature;

  private JwtToken(String header, String payload, String signature) {
    this.header = header;
    this.payload = payload;
    this.signature = signature;
  }

  /** OPA's {@code decodeJWT}: three dot-separated sections. */
  static JwtToken split(Value v) throws BuiltinException {
    String s = Operands.string(v, 1);
    if (s.indexOf('.') < 0) {
      throw BuiltinException.failure("encoded JWT had no period separators");
    }
    String[] parts = s.split("\\.", -1);
    if (parts.length != 3) {
      throw BuiltinException.failure("encoded JWT must have 3 sections, found " + parts.length);
    }
    return new JwtToken(parts[0], parts[1], parts[2]);
  }

  String signingInput() {
    return header + "." + payload;
  }

  /** base64url-decodes a section, without its text in the error. */
  static byte[] decode(String section) throws BuiltinException {
    try {
      return EncodingBuiltins.base64UrlDecode(section);
    } catch (BuiltinException e) {
      String m = e.getMessage();
      throw BuiltinException.failure(
          m.startsWith("illegal base64url string") ? "illegal base64url string" : m);
    }
  }

  static String decodeText(String section, String what) throws BuiltinException {
    try {
      return new String(decode(section), StandardCharsets.UTF_8);
    } catch (BuiltinException e) {
      throw BuiltinException.failure("JWT " + what + " had invalid encoding: " + e.getMessage());
    }
  }

  byte[] signatureBytes() throws BuiltinException {
    return decode(signature);
  }

  /** The header as an object; JWE headers are refused. */
  ObjectValue decodedHeader() throws BuiltinException {
    String json = decodeText(header, "header");
    ObjectValue h;
    try {
      h = jsonObject(json);
    } catch (BuiltinException e) {
      throw BuiltinException.failure("bad JWT header: " + e.getMessage());
    }
    if (h.get("enc") != null) {
      throw BuiltinException.failure("JWT is a JWE object, which is not supported");
    }
    return h;
  }

  /** OPA's {@code extractJSONObject}. */
  static ObjectValue jsonObject(String json) throws BuiltinException {
    Value v;
    try {
      v = EncodingBuiltins.jsonUnmarshal(json);
    } catch (BuiltinException e) {
      throw BuiltinException.failure("invalid JSON: " + e.getMessage());
    }
    if (!(v instanceof ObjectValue o)) {
      throw BuiltinException.failure("decoded JSON type was not an Object");
    }
    return o;
  }

  /** The registered header parameters OPA reads, checked for type. */
  record Header(String alg, String kid, String cty, boolean valid) {

    static Header of(ObjectValue h) throws BuiltinException {
      String alg = "";
      String kid = "";
      String cty = "";
      Set<String> crit = new HashSet<>();
      List<String> unknown = new ArrayList<>();
      for (Value k : h.sortedKeys()) {
        String name = k instanceof StringValue s ? s.value() : k.toString();
        Value v = h.get(k);
        switch (name) {
          case "alg" -> alg = string(name, v);
          case "kid" -> kid = string(name, v);
          case "typ" -> string(name, v);
          case "cty" -> cty = string(name, v);
          case "crit" -> {
            if (!(v instanceof ArrayValue a)) {
              throw BuiltinException.failure("crit: must be a list");
            }
            for (Value e : a.elements()) {
              if (e instanceof StringValue s) {
                crit.add(s.value());
              }
            }
            if (crit.isEmpty()) {
              throw BuiltinException.failure("crit: must be a nonempty list");
            }
          }
          default -> unknown.add(name);
        }
      }
      boolean valid = !alg.isEmpty() && unknown.stream().noneMatch(crit::contains);
      return new Header(alg, kid, cty, valid);
    }

    private static String string(String name, Value v) throws BuiltinException {
      if (!(v instanceof StringValue s)) {
        throw BuiltinException.failure(name + ": must be a string");
      }
      return s.value();
    }
  }
}
