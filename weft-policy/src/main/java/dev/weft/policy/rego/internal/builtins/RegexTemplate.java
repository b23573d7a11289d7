package dev.weft.policy.rego.internal.builtins;

import com.google.re2j.Pattern;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.Value;
import java.nio.charset.StandardCharsets;

/**
 * {@code regex.template_match(template, s, start, end)}: a template such as {@code urn:foo:{.*}}
 * whose parts between the one-byte delimiters are expressions and the rest literal text
 * (gorilla/mux's templates, as OPA reads them). Compiled templates are cached, bounded.
 */
final class RegexTemplate {

  private record Key(String template, char start, char end) {}

  private static final BoundedCache<Key, Object> CACHE = new BoundedCache<>(256);

  private RegexTemplate() {}

  static Value match(Value[] args) throws BuiltinException {
    String template = Operands.string(args[0], 1);
    String s = Operands.string(args[1], 2);
    String start = Operands.string(args[2], 3);
    String end = Operands.string(args[3], 4);
    int startLen = start.getBytes(StandardCharsets.UTF_8).length;
    if (startLen != 1) {
      throw BuiltinException.failure(
          "start delimiter has to be exactly one character long but is " + startLen + " long");
    }
    if (end.getBytes(StandardCharsets.UTF_8).length != 1) {
      // OPA's message names the start delimiter's length here.
      throw BuiltinException.failure(
          "end delimiter has to be exactly one character long but is " + startLen + " long");
    }
    Key key = new Key(template, start.charAt(0), end.charAt(0));
    Object cached = CACHE.get(key);
    if (cached == null) {
      try {
        cached = compile(template, key.start, key.end);
      } catch (BuiltinException e) {
        cached = e.getMessage();
      }
      if (template.length() <= Regexes.MAX_CACHED_LENGTH) {
        CACHE.put(key, cached);
      }
    }
    if (cached instanceof Pattern p) {
      return BooleanValue.of(p.matcher(s).find());
    }
    throw BuiltinException.failure((String) cached);
  }

  private static Pattern compile(String tpl, char open, char close) throws BuiltinException {
    int level = 0;
    int idx = 0;
    java.util.List<int[]> parts = new java.util.ArrayList<>();
    for (int i = 0; i < tpl.length(); i++) {
      char c = tpl.charAt(i);
      if (c == open) {
        if (++level == 1) {
          idx = i;
        }
      } else if (c == close) {
        if (--level == 0) {
          parts.add(new int[] {idx, i + 1});
        } else if (level < 0) {
          throw unbalanced(tpl);
        }
      }
    }
    if (level != 0) {
      throw unbalanced(tpl);
    }
    StringBuilder pattern = new StringBuilder("^");
    int end = 0;
    for (int[] part : parts) {
      String raw = tpl.substring(end, part[0]);
      end = part[1];
      String inner = tpl.substring(part[0] + 1, end - 1);
      pattern.append(Regexes.quoteMeta(raw)).append('(').append(inner).append(')');
      Regexes.compile("^" + inner + "$");
    }
    pattern.append(Regexes.quoteMeta(tpl.substring(end))).append('$');
    return Regexes.compile(pattern.toString());
  }

  private static BuiltinException unbalanced(String tpl) {
    return BuiltinException.failure("unbalanced braces in " + GoQuote.quote(tpl));
  }
}
