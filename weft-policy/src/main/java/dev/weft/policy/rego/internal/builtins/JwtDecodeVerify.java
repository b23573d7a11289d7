package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.NumberValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code io.jwt.decode_verify(jwt, constraints)}: {@code [valid, header, payload]}. Constraints:
 * {@code cert} (PEM or JWK set) or {@code secret}, and optionally {@code alg iss aud time}
 * (nanoseconds; the evaluation's time by default). {@code exp} and {@code nbf} are checked against
 * the time; nested JWTs ({@code cty: JWT}) are verified level by level.
 */
final class JwtDecodeVerify {

  private static final Value UNVERIFIED =
      ArrayValue.of(BooleanValue.FALSE, ObjectValue.EMPTY, ObjectValue.EMPTY);

  private JwtDecodeVerify() {}

  private static final class Constraints {
    List<JwtKeys.VerificationKey> keys;
    String secret = "";
    String alg = "";
    String iss = "";
    String aud = "";
    double time = -1;
  }

  static Value call(BuiltinContext ctx, Value[] args) throws BuiltinException {
    ObjectValue o = Operands.object(args[1], 2);
    Constraints c = constraints(o, ctx.nowNanos());
    Value jwt = args[0];
    ObjectValue header;
    String payloadText;
    while (true) {
      JwtToken token = JwtToken.split(jwt);
      header = token.decodedHeader();
      JwtToken.Header h = JwtToken.Header.of(header);
      if (!h.valid() || !c.alg.isEmpty() && !c.alg.equals(h.alg())) {
        return UNVERIFIED;
      }
      byte[] signature = token.signatureBytes();
      if (!verified(c, h, token.signingInput(), signature)) {
        return UNVERIFIED;
      }
      payloadText = JwtToken.decodeText(token.payload, "payload");
      if (!h.cty().equalsIgnoreCase("JWT")) {
        break;
      }
      jwt = StringValue.of(payloadText);
    }
    ObjectValue payload = JwtToken.jsonObject(payloadText);
    if (!claimsHold(c, payload)) {
      return UNVERIFIED;
    }
    return ArrayValue.of(BooleanValue.TRUE, header, payload);
  }

  private static Constraints constraints(ObjectValue o, long now) throws BuiltinException {
    Constraints c = new Constraints();
    for (Value k : o.sortedKeys()) {
      String name = k instanceof StringValue s ? s.value() : k.toString();
      Value v = o.get(k);
      switch (name) {
        case "cert" -> {
          if (!(v instanceof StringValue s)) {
            throw BuiltinException.failure("cert constraint: must be a string");
          }
          c.keys = JwtKeys.parse(s.value());
        }
        case "secret" -> c.secret = string(name, v);
        case "alg" -> c.alg = string(name, v);
        case "iss" -> c.iss = string(name, v);
        case "aud" -> c.aud = string(name, v);
        case "time" -> c.time = time(v);
        default -> throw BuiltinException.failure("unknown token validation constraint: " + name);
      }
    }
    if (c.time == -1) {
      c.time = time(NumberValue.of(now));
    }
    int keys = (c.keys != null ? 1 : 0) + (c.secret.isEmpty() ? 0 : 1);
    if (keys > 1) {
      throw BuiltinException.failure("duplicate key constraints");
    }
    if (keys < 1) {
      throw BuiltinException.failure("no key constraint");
    }
    return c;
  }

  private static String string(String name, Value v) throws BuiltinException {
    if (!(v instanceof StringValue s)) {
      throw BuiltinException.failure(name + " constraint: must be a string");
    }
    return s.value();
  }

  private static double time(Value v) throws BuiltinException {
    if (!(v instanceof NumberValue n)) {
      throw BuiltinException.failure("token time constraint: must be a number");
    }
    double d = n.doubleValue();
    if (Double.isInfinite(d)) {
      throw BuiltinException.failure("token time constraint: unvalid float64");
    }
    if (d < 0) {
      throw BuiltinException.failure("token time constraint: must not be negative");
    }
    return d;
  }

  private static boolean verified(Constraints c, JwtToken.Header h, String input, byte[] sig) {
    if (c.keys != null) {
      if (!h.kid().isEmpty()) {
        for (JwtKeys.VerificationKey k : c.keys) {
          if (k.kid().equals(h.kid())) {
            return JwtSignatures.verify(h.alg(), k.key(), input, sig, false);
          }
        }
      }
      for (JwtKeys.VerificationKey k : c.keys) {
        if ((k.alg().isEmpty() || k.alg().equals(h.alg()))
            && JwtSignatures.verify(h.alg(), k.key(), input, sig, false)) {
          return true;
        }
      }
      return false;
    }
    return JwtSignatures.verify(
        h.alg(), c.secret.getBytes(StandardCharsets.UTF_8), input, sig, false);
  }

  private static boolean claimsHold(Constraints c, ObjectValue payload) throws BuiltinException {
    if (!c.iss.isEmpty()
        && !(payload.get("iss") instanceof StringValue iss && iss.value().equals(c.iss))) {
      return false;
    }
    Value aud = payload.get("aud");
    if (aud != null) {
      boolean ok =
          aud instanceof StringValue s
              ? s.value().equals(c.aud)
              : aud instanceof ArrayValue a
                  && a.elements().stream()
                      .anyMatch(e -> e instanceof StringValue s && s.value().equals(c.aud));
      if (!ok) {
        return false;
      }
    } else if (!c.aud.isEmpty()) {
      return false;
    }
    BigDecimal now = new BigDecimal(Double.toString(c.time / 1_000_000_000d));
    Value exp = payload.get("exp");
    if (exp != null) {
      if (!(exp instanceof NumberValue n)) {
        throw BuiltinException.failure("exp value must be a number");
      }
      if (now.compareTo(n.decimalValue()) >= 0) {
        return false;
      }
    }
    Value nbf = payload.get("nbf");
    if (nbf != null) {
      if (!(nbf instanceof NumberValue n)) {
        throw BuiltinException.failure("nbf value must be a number");
      }
      if (now.compareTo(n.decimalValue()) < 0) {
        return false;
      }
    }
    return true;
  }
}
