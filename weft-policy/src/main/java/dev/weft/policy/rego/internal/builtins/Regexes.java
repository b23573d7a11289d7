package dev.weft.policy.rego.internal.builtins;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * Go's {@code regexp} on RE2/J: compilation with Go's parse errors ({@code error parsing regexp:
 * missing closing ]: `[a`}) and limits ({@link Re2Limits}), a bounded cache of compiled expressions
 * shared by every query, and Go's {@code FindAll}, {@code ReplaceAll} and {@code Expand}. Matching
 * takes time linear in the input: RE2/J never backtracks.
 */
final class Regexes {

  /** How many compiled expressions (or their errors) are kept, least recently used first out. */
  static final int CACHE_ENTRIES = 512;

  /** Expressions longer than this are compiled every time rather than cached. */
  static final int MAX_CACHED_LENGTH = 4096;

  private static final BoundedCache<String, Object> CACHE = new BoundedCache<>(CACHE_ENTRIES);

  private Regexes() {}

  /** Compiles a Go regular expression (Perl flags, as Go's {@code regexp.Compile}), cached. */
  static Pattern compile(String re) throws BuiltinException {
    Object cached = CACHE.get(re);
    if (cached == null) {
      try {
        cached = compileUncached(re);
      } catch (BuiltinException e) {
        cached = e.getMessage();
      }
      if (re.length() <= MAX_CACHED_LENGTH) {
        CACHE.put(re, cached);
      }
    }
    if (cached instanceof Pattern p) {
      return p;
    }
    throw BuiltinException.failure((String) cached);
  }

  /** Whether {@code re} is a valid Go regular expression. */
  static boolean isValid(String re) {
    try {
      compile(re);
      return true;
    } catch (BuiltinException e) {
      return false;
    }
  }

  private static Pattern compileUncached(String re) throws BuiltinException {
    String limit = Re2Limits.check(re);
    if (limit != null) {
      throw BuiltinException.failure(limit);
    }
    try {
      return Pattern.compile(re);
    } catch (PatternSyntaxException e) {
      throw BuiltinException.failure(goMessage(e, re));
    } catch (StackOverflowError e) {
      throw BuiltinException.failure(
          "error parsing regexp: expression nests too deeply: `" + re + "`");
    }
  }

  /** RE2/J's message, except where it differs from Go's. */
  private static String goMessage(PatternSyntaxException e, String re) {
    if (e.getDescription().startsWith("regexp/syntax: internal error")
        && "stack underflow".equals(e.getPattern())) {
      // An unmatched ')': Go reports it as such, with the whole expression.
      return "error parsing regexp: unexpected ): `" + re + "`";
    }
    // Go always quotes the expression, even an empty one (a trailing backslash).
    return "error parsing regexp: " + e.getDescription() + ": `" + e.getPattern() + "`";
  }

  /**
   * Go's {@code FindAllStringSubmatchIndex(s, n)}: successive non-overlapping matches, an empty
   * match right after a previous match skipped. Each result holds the start and end of the match
   * and of every group (-1 for a group that took no part).
   *
   * @param n the most matches to return, or a negative number for all
   */
  static List<int[]> findAll(Pattern p, String s, int n) {
    List<int[]> out = new ArrayList<>();
    Matcher m = p.matcher(s);
    int pos = 0;
    int prevEnd = -1;
    while ((n < 0 || out.size() < n) && pos <= s.length() && m.find(pos)) {
      boolean accept = true;
      if (m.end() == pos) {
        if (m.start() == prevEnd) {
          accept = false;
        }
        pos = pos < s.length() ? pos + Character.charCount(s.codePointAt(pos)) : s.length() + 1;
      } else {
        pos = m.end();
      }
      prevEnd = m.end();
      if (accept) {
        out.add(groups(m));
      }
    }
    return out;
  }

  private static int[] groups(Matcher m) {
    int[] g = new int[2 * (m.groupCount() + 1)];
    for (int i = 0; i <= m.groupCount(); i++) {
      g[2 * i] = m.start(i);
      g[2 * i + 1] = m.end(i);
    }
    return g;
  }

  /**
   * Go's {@code ReplaceAllString}: every match replaced by {@code template} with {@code $1} and
   * {@code ${name}} expanded; an empty match right after a previous match is not replaced.
   */
  static String replaceAll(Pattern p, String src, String template) {
    StringBuilder out = new StringBuilder();
    Matcher m = p.matcher(src);
    int lastMatchEnd = 0;
    int searchPos = 0;
    while (searchPos <= src.length() && m.find(searchPos)) {
      int[] a = groups(m);
      out.append(src, lastMatchEnd, a[0]);
      if (a[1] > lastMatchEnd || a[0] == 0) {
        expand(out, p, template, src, a);
      }
      lastMatchEnd = a[1];
      int width = searchPos < src.length() ? Character.charCount(src.codePointAt(searchPos)) : 0;
      if (searchPos + width > a[1]) {
        searchPos += width;
      } else if (searchPos + 1 > a[1]) {
        searchPos++;
      } else {
        searchPos = a[1];
      }
    }
    out.append(src, lastMatchEnd, src.length());
    return out.toString();
  }

  /**
   * Go's {@code Regexp.Expand}: {@code $n}, {@code ${n}}, {@code $name}, {@code ${name}}, {@code
   * $$}.
   */
  static void expand(StringBuilder out, Pattern p, String template, String src, int[] match) {
    int i = 0;
    while (i < template.length()) {
      int dollar = template.indexOf('$', i);
      if (dollar < 0) {
        break;
      }
      out.append(template, i, dollar);
      i = dollar + 1;
      if (i < template.length() && template.charAt(i) == '$') {
        out.append('$');
        i++;
        continue;
      }
      boolean brace = i < template.length() && template.charAt(i) == '{';
      int j = brace ? i + 1 : i;
      int nameStart = j;
      while (j < template.length()) {
        int c = template.codePointAt(j);
        if (!Character.isLetter(c) && !Character.isDigit(c) && c != '_') {
          break;
        }
        j += Character.charCount(c);
      }
      String name = template.substring(nameStart, j);
      if (name.isEmpty() || brace && (j >= template.length() || template.charAt(j) != '}')) {
        out.append('$');
        continue;
      }
      i = brace ? j + 1 : j;
      int group = groupNumber(name);
      if (group < 0) {
        Integer named = p.namedGroups().get(name);
        group = named == null ? -1 : named;
      }
      if (group >= 0 && 2 * group + 1 < match.length && match[2 * group] >= 0) {
        out.append(src, match[2 * group], match[2 * group + 1]);
      }
    }
    out.append(template, i, template.length());
  }

  /** Go's {@code extract}: the group number a name spells, or -1 (leading zeros are names). */
  private static int groupNumber(String name) {
    int num = 0;
    for (int k = 0; k < name.length(); k++) {
      char c = name.charAt(k);
      if (c < '0' || c > '9' || num >= 100_000_000) {
        return -1;
      }
      num = num * 10 + (c - '0');
    }
    return name.charAt(0) == '0' && name.length() > 1 ? -1 : num;
  }

  /** Go's {@code regexp.QuoteMeta}. */
  static String quoteMeta(String s) {
    StringBuilder out = new StringBuilder(s.length() * 2);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }
}
