package dev.weft.policy.rego.internal.builtins;

import com.google.re2j.Pattern;
import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.NullValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.util.List;

/**
 * {@code glob.match} and {@code glob.quote_meta}, with gobwas/glob's syntax ({@link Glob}).
 * Compiled globs are kept in a bounded cache shared by every query.
 */
final class GlobBuiltins {

  private record Key(String pattern, String delimiters) {}

  private static final BoundedCache<Key, Object> CACHE = new BoundedCache<>(512);

  private GlobBuiltins() {}

  static List<Builtin> all() {
    return List.of(
        new Fn("glob.match", 3, (ctx, args) -> match(args)),
        Fn.of1("glob.quote_meta", a -> StringValue.of(Glob.quoteMeta(Operands.string(a, 1)))));
  }

  private static Value match(Value[] args) throws BuiltinException {
    String pattern = Operands.string(args[0], 1);
    int[] delimiters;
    switch (args[1]) {
      case NullValue n -> delimiters = new int[0];
      case ArrayValue a -> {
        delimiters = new int[a.size()];
        for (int i = 0; i < a.size(); i++) {
          if (!(a.get(i) instanceof StringValue d)) {
            throw Operands.element(2, a, a.get(i), "string");
          }
          if (d.value().codePointCount(0, d.value().length()) != 1) {
            throw Operands.element(2, a, a.get(i), "rune");
          }
          delimiters[i] = d.value().codePointAt(0);
        }
        if (delimiters.length == 0) {
          delimiters = new int[] {'.'};
        }
      }
      default -> throw Operands.type(2, args[1], "array", "null");
    }
    String match = Operands.string(args[2], 3);
    Key key = new Key(pattern, new String(delimiters, 0, delimiters.length));
    Object cached = CACHE.get(key);
    if (cached == null) {
      try {
        cached = Glob.compile(pattern, delimiters);
      } catch (BuiltinException e) {
        cached = e.getMessage();
      }
      if (pattern.length() <= Regexes.MAX_CACHED_LENGTH) {
        CACHE.put(key, cached);
      }
    }
    if (cached instanceof Pattern p) {
      return BooleanValue.of(p.matcher(match).matches());
    }
    throw BuiltinException.failure((String) cached);
  }
}
