package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * {@code json.marshal json.unmarshal json.is_valid yaml.marshal yaml.unmarshal yaml.is_valid
 * base64.encode base64.decode base64.is_valid base64url.encode base64url.encode_no_pad
 * base64url.decode}. Decoded bytes become a string as UTF-8 (invalid sequences as U+FFFD).
 */
final class EncodingBuiltins {

  private EncodingBuiltins() {}

  static List<Builtin> all() {
    return List.of(
        Fn.of1("json.marshal", a -> StringValue.of(GoJsonWriter.write(a))),
        Fn.of1("json.unmarshal", a -> jsonUnmarshal(Operands.string(a, 1))),
        Fn.of1(
            "json.is_valid",
            a -> BooleanValue.of(a instanceof StringValue s && GoJson.valid(s.value()))),
        Fn.of1("yaml.marshal", a -> StringValue.of(YamlWriter.write(a))),
        Fn.of1("yaml.unmarshal", a -> YamlReader.read(Operands.string(a, 1))),
        Fn.of1("yaml.is_valid", EncodingBuiltins::yamlIsValid),
        Fn.of1("base64.encode", a -> StringValue.of(encode(Base64.getEncoder(), a))),
        Fn.of1("base64.decode", a -> text(GoBase64.decodeStd(Operands.string(a, 1)))),
        Fn.of1("base64.is_valid", EncodingBuiltins::base64IsValid),
        Fn.of1("base64url.encode", a -> StringValue.of(encode(Base64.getUrlEncoder(), a))),
        Fn.of1(
            "base64url.encode_no_pad",
            a -> StringValue.of(encode(Base64.getUrlEncoder().withoutPadding(), a))),
        Fn.of1("base64url.decode", a -> text(base64UrlDecode(Operands.string(a, 1)))));
  }

  static Value jsonUnmarshal(String s) throws BuiltinException {
    try {
      return GoJson.unmarshal(s);
    } catch (GoJson.SyntaxError e) {
      throw BuiltinException.failure(e.getMessage());
    }
  }

  private static Value yamlIsValid(Value a) {
    if (!(a instanceof StringValue s)) {
      return BooleanValue.FALSE;
    }
    try {
      YamlReader.read(s.value());
      return BooleanValue.TRUE;
    } catch (BuiltinException e) {
      return BooleanValue.FALSE;
    }
  }

  private static String encode(Base64.Encoder encoder, Value a) throws BuiltinException {
    return encoder.encodeToString(Operands.string(a, 1).getBytes(StandardCharsets.UTF_8));
  }

  private static Value text(byte[] bytes) {
    return StringValue.of(new String(bytes, StandardCharsets.UTF_8));
  }

  private static Value base64IsValid(Value a) {
    if (!(a instanceof StringValue s)) {
      return BooleanValue.FALSE;
    }
    try {
      GoBase64.decodeStd(s.value());
      return BooleanValue.TRUE;
    } catch (BuiltinException e) {
      return BooleanValue.FALSE;
    }
  }

  /** OPA's {@code base64url.decode}: missing padding is added first (RFC 7515 appendix C). */
  static byte[] base64UrlDecode(String s) throws BuiltinException {
    if (!s.endsWith("=")) {
      switch (s.length() % 4) {
        case 0 -> {}
        case 2 -> s += "==";
        case 3 -> s += "=";
        default -> throw BuiltinException.failure("illegal base64url string: " + s);
      }
    }
    return GoBase64.decodeUrl(s);
  }
}
