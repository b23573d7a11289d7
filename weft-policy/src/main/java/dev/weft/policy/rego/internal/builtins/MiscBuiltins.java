package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.NumberValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.Value;
import java.security.SecureRandom;
import java.util.List;

/**
 * {@code rand.intn} (random, the same for the same arguments within a query), {@code trace} (a note
 * for OPA's tracer; Weft has no tracer, so it only checks its operand and is true) and {@code
 * opa.runtime} (the runtime information an embedding gives the engine: none, so the empty object,
 * as OPA's library gives without {@code rego.Runtime}; environment variables are never exposed) and
 * {@code rego.parse_module} ({@link RegoParseModule}).
 */
final class MiscBuiltins {

  private static final SecureRandom RANDOM = new SecureRandom();

  private record RandKey(String key, long n) {}

  private MiscBuiltins() {}

  static List<Builtin> all() {
    return List.of(
        new Fn("rand.intn", 2, MiscBuiltins::randIntn),
        Fn.of1(
            "trace",
            a -> {
              Operands.string(a, 1);
              return BooleanValue.TRUE;
            }),
        new Fn("opa.runtime", 0, (ctx, args) -> ObjectValue.EMPTY),
        AwsSigV4.builtin(),
        RegoParseModule.builtin());
  }

  private static Value randIntn(BuiltinContext ctx, Value[] args) throws BuiltinException {
    String key = Operands.string(args[0], 1);
    long n = Operands.integer(args[1], 2);
    if (n == 0) {
      return NumberValue.ZERO;
    }
    n = Math.abs(n);
    RandKey cacheKey = new RandKey(key, n);
    if (ctx.cache().get(cacheKey) instanceof Value cached) {
      return cached;
    }
    Value v = NumberValue.of(RANDOM.nextLong(n));
    ctx.cache().put(cacheKey, v);
    return v;
  }
}
