package dev.weft.policy.rego.internal.builtins;

import com.google.re2j.Pattern;
import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code regex.match regex.is_valid regex.split regex.find_n regex.find_all_string_submatch_n
 * regex.replace regex.template_match regex.globs_match}, and the deprecated {@code re_match}.
 * Expressions are Go's RE2 syntax, compiled by {@link Regexes} onto RE2/J (linear-time matching)
 * and cached there; globs are in {@link GlobBuiltins}.
 */
final class RegexBuiltins {

  private RegexBuiltins() {}

  static List<Builtin> all() {
    return List.of(
        new Fn("regex.match", 2, RegexBuiltins::match),
        new Fn("re_match", 2, RegexBuiltins::match),
        Fn.of1("regex.is_valid", RegexBuiltins::isValid),
        Fn.of2("regex.split", RegexBuiltins::split),
        Fn.of3("regex.find_n", RegexBuiltins::findN),
        Fn.of3("regex.find_all_string_submatch_n", RegexBuiltins::findAllSubmatch),
        Fn.of3("regex.replace", RegexBuiltins::replace),
        new Fn("regex.template_match", 4, (ctx, args) -> RegexTemplate.match(args)),
        Fn.of2("regex.globs_match", RegexBuiltins::globsMatch));
  }

  private static Value isValid(Value a) {
    return BooleanValue.of(a instanceof StringValue s && Regexes.isValid(s.value()));
  }

  private static Value match(BuiltinContext ctx, Value[] args) throws BuiltinException {
    String pattern = Operands.string(args[0], 1);
    String s = Operands.string(args[1], 2);
    return BooleanValue.of(Regexes.compile(pattern).matcher(s).find());
  }

  /** Go's {@code Regexp.Split(s, -1)}. */
  private static Value split(Value a, Value b) throws BuiltinException {
    String pattern = Operands.string(a, 1);
    String s = Operands.string(b, 2);
    Pattern p = Regexes.compile(pattern);
    if (!pattern.isEmpty() && s.isEmpty()) {
      return ArrayValue.of(StringValue.EMPTY);
    }
    List<Value> out = new ArrayList<>();
    int beg = 0;
    int end = 0;
    for (int[] match : Regexes.findAll(p, s, -1)) {
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

  private static Value findN(Value a, Value b, Value c) throws BuiltinException {
    String pattern = Operands.string(a, 1);
    String s = Operands.string(b, 2);
    int n = Operands.integer(c, 3);
    Pattern p = Regexes.compile(pattern);
    List<Value> out = new ArrayList<>();
    if (n != 0) {
      for (int[] match : Regexes.findAll(p, s, n)) {
        out.add(StringValue.of(s.substring(match[0], match[1])));
      }
    }
    return ArrayValue.of(out);
  }

  /** Go's {@code FindAllStringSubmatch}: a group that took no part is {@code ""}. */
  private static Value findAllSubmatch(Value a, Value b, Value c) throws BuiltinException {
    String pattern = Operands.string(a, 1);
    String s = Operands.string(b, 2);
    int n = Operands.integer(c, 3);
    Pattern p = Regexes.compile(pattern);
    List<Value> out = new ArrayList<>();
    if (n != 0) {
      for (int[] match : Regexes.findAll(p, s, n)) {
        Value[] groups = new Value[match.length / 2];
        for (int g = 0; g < groups.length; g++) {
          groups[g] =
              match[2 * g] < 0
                  ? StringValue.EMPTY
                  : StringValue.of(s.substring(match[2 * g], match[2 * g + 1]));
        }
        out.add(ArrayValue.of(groups));
      }
    }
    return ArrayValue.of(out);
  }

  private static Value replace(Value a, Value b, Value c) throws BuiltinException {
    String base = Operands.string(a, 1);
    String pattern = Operands.string(b, 2);
    String template = Operands.string(c, 3);
    String replaced = Regexes.replaceAll(Regexes.compile(pattern), base, template);
    return replaced.equals(base) ? a : StringValue.of(replaced);
  }

  private static Value globsMatch(Value a, Value b) throws BuiltinException {
    String g1 = Operands.string(a, 1);
    String g2 = Operands.string(b, 2);
    return BooleanValue.of(GlobIntersection.nonEmpty(g1, g2));
  }
}
