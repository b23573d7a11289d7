package dev.weft.policy.rego.builtins;

import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.NullValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code regex.match regex.is_valid regex.split regex.find_n glob.match}. Patterns are Go RE2
 * syntax ({@link Re2}) and gobwas globs ({@link Glob}); compiled patterns are cached in the query's
 * {@link BuiltinContext#cache()}.
 */
final class RegexBuiltins {

  private record RegexKey(String pattern) {}

  private record GlobKey(String pattern, String delimiters) {}

  private RegexBuiltins() {}

  static List<Builtin> all() {
    return List.of(
        new Fn("regex.match", 2, RegexBuiltins::match),
        Fn.of1("regex.is_valid", RegexBuiltins::isValid),
        new Fn("regex.split", 2, RegexBuiltins::split),
        new Fn("regex.find_n", 3, RegexBuiltins::findN),
        new Fn("glob.match", 3, RegexBuiltins::globMatch));
  }

  static Pattern regex(BuiltinContext ctx, String pattern) throws BuiltinException {
    RegexKey key = new RegexKey(pattern);
    if (ctx.cache().get(key) instanceof Pattern p) {
      return p;
    }
    Pattern p = Re2.compile(pattern);
    ctx.cache().put(key, p);
    return p;
  }

  private static Value isValid(Value a) {
    if (!(a instanceof StringValue s)) {
      return BooleanValue.FALSE;
    }
    try {
      Re2.compile(s.value());
      return BooleanValue.TRUE;
    } catch (BuiltinException e) {
      return BooleanValue.FALSE;
    }
  }

  private static Value match(BuiltinContext ctx, Value[] args) throws BuiltinException {
    String pattern = Operands.string(args[0], 1);
    String s = Operands.string(args[1], 2);
    Pattern p = regex(ctx, pattern);
    try {
      return BooleanValue.of(p.matcher(s).find());
    } catch (StackOverflowError e) {
      throw tooComplex();
    }
  }

  private static BuiltinException tooComplex() {
    return BuiltinException.failure("regular expression too complex to evaluate");
  }

  /** Go's {@code FindAllStringIndex(s, n)}: no empty match right after a previous match. */
  static List<int[]> findAll(Pattern p, String s, int n) throws BuiltinException {
    List<int[]> out = new ArrayList<>();
    Matcher m = p.matcher(s);
    int pos = 0;
    int prevEnd = -1;
    try {
      while ((n < 0 || out.size() < n) && pos <= s.length() && m.find(pos)) {
        boolean accept = true;
        if (m.end() == m.start()) {
          if (m.start() == prevEnd) {
            accept = false;
          }
          pos =
              m.end() < s.length()
                  ? m.end() + Character.charCount(s.codePointAt(m.end()))
                  : s.length() + 1;
        } else {
          pos = m.end();
        }
        prevEnd = m.end();
        if (accept) {
          out.add(new int[] {m.start(), m.end()});
        }
      }
    } catch (StackOverflowError e) {
      throw tooComplex();
    }
    return out;
  }

  private static Value split(BuiltinContext ctx, Value[] args) throws BuiltinException {
    String pattern = Operands.string(args[0], 1);
    String s = Operands.string(args[1], 2);
    Pattern p = regex(ctx, pattern);
    if (!pattern.isEmpty() && s.isEmpty()) {
      return ArrayValue.of(StringValue.EMPTY);
    }
    List<Value> out = new ArrayList<>();
    int beg = 0;
    int end = 0;
    for (int[] match : findAll(p, s, -1)) {
      end = match[0];
      if (match[1] != 0) {
        out.add(StringValue.of(s.substring(beg, end)));
      }
      beg = match[1];
    }
    if (end != s.length()) {
      out.add(StringValue.of(s.substring(beg)));
    }
    return ArrayValue.of(out);
  }

  private static Value findN(BuiltinContext ctx, Value[] args) throws BuiltinException {
    String pattern = Operands.string(args[0], 1);
    String s = Operands.string(args[1], 2);
    int n = Operands.integer(args[2], 3);
    Pattern p = regex(ctx, pattern);
    List<Value> out = new ArrayList<>();
    if (n != 0) {
      for (int[] match : findAll(p, s, n < 0 ? -1 : n)) {
        out.add(StringValue.of(s.substring(match[0], match[1])));
      }
    }
    return ArrayValue.of(out);
  }

  private static Value globMatch(BuiltinContext ctx, Value[] args) throws BuiltinException {
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
    GlobKey key = new GlobKey(pattern, new String(delimiters, 0, delimiters.length));
    Pattern p;
    if (ctx.cache().get(key) instanceof Pattern cached) {
      p = cached;
    } else {
      p = Glob.compile(pattern, delimiters);
      ctx.cache().put(key, p);
    }
    try {
      return BooleanValue.of(p.matcher(match).matches());
    } catch (StackOverflowError e) {
      throw tooComplex();
    }
  }
}
