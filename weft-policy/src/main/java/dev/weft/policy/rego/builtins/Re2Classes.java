package dev.weft.policy.rego.builtins;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The ASCII classes of Go's RE2 syntax, as code point ranges, written for java.util.regex. */
final class Re2Classes {

  static final int MAX = 0x10FFFF;

  private static final Map<String, int[]> POSIX =
      Map.ofEntries(
          Map.entry("alnum", new int[] {'0', '9', 'A', 'Z', 'a', 'z'}),
          Map.entry("alpha", new int[] {'A', 'Z', 'a', 'z'}),
          Map.entry("ascii", new int[] {0, 0x7f}),
          Map.entry("blank", new int[] {'\t', '\t', ' ', ' '}),
          Map.entry("cntrl", new int[] {0, 0x1f, 0x7f, 0x7f}),
          Map.entry("digit", new int[] {'0', '9'}),
          Map.entry("graph", new int[] {'!', '~'}),
          Map.entry("lower", new int[] {'a', 'z'}),
          Map.entry("print", new int[] {' ', '~'}),
          Map.entry("punct", new int[] {'!', '/', ':', '@', '[', '`', '{', '~'}),
          Map.entry("space", new int[] {'\t', '\r', ' ', ' '}),
          Map.entry("upper", new int[] {'A', 'Z'}),
          Map.entry("word", new int[] {'0', '9', 'A', 'Z', '_', '_', 'a', 'z'}),
          Map.entry("xdigit", new int[] {'0', '9', 'A', 'F', 'a', 'f'}));

  private static final Map<Character, int[]> PERL =
      Map.of(
          'd', new int[] {'0', '9'},
          's', new int[] {'\t', '\n', '\f', '\r', ' ', ' '},
          'w', new int[] {'0', '9', 'A', 'Z', '_', '_', 'a', 'z'});

  private Re2Classes() {}

  /** The ranges of {@code [:name:]} (name without the brackets), or null if unknown. */
  static int[] posix(String name) {
    boolean negated = name.startsWith("^");
    int[] ranges = POSIX.get(negated ? name.substring(1) : name);
    return ranges == null ? null : negated ? complement(ranges) : ranges;
  }

  /** The ranges of {@code \d \s \w} and their upper-case negations. */
  static int[] perl(char c) {
    int[] ranges = PERL.get(Character.toLowerCase(c));
    return Character.isUpperCase(c) ? complement(ranges) : ranges;
  }

  /** The complement over all code points of sorted, disjoint ranges. */
  static int[] complement(int[] ranges) {
    List<Integer> out = new ArrayList<>();
    int next = 0;
    for (int i = 0; i < ranges.length; i += 2) {
      if (ranges[i] > next) {
        out.add(next);
        out.add(ranges[i] - 1);
      }
      next = ranges[i + 1] + 1;
    }
    if (next <= MAX) {
      out.add(next);
      out.add(MAX);
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Class items (without brackets) for java.util.regex. */
  static String items(int[] ranges) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < ranges.length; i += 2) {
      out.append(hex(ranges[i]));
      if (ranges[i + 1] != ranges[i]) {
        out.append('-').append(hex(ranges[i + 1]));
      }
    }
    return out.toString();
  }

  static String hex(int c) {
    return "\\x{" + Integer.toHexString(c) + "}";
  }

  /** A Unicode class name of Go's {@code \p{...}} as java.util.regex writes it, or null. */
  static String unicode(String name, boolean negated) {
    String p = negated ? "\\P" : "\\p";
    if (name.equals("Any")) {
      return negated ? "" : "\\x{0}-\\x{10ffff}";
    }
    if (name.matches("[CLMNPSZ][a-z]?")) {
      try {
        java.util.regex.Pattern.compile("\\p{" + name + "}");
        return p + "{" + name + "}";
      } catch (java.util.regex.PatternSyntaxException e) {
        return null;
      }
    }
    if (!name.matches("[A-Z][A-Za-z_]+")) {
      return null;
    }
    try {
      if (!Character.UnicodeScript.forName(name).name().equalsIgnoreCase(name)) {
        return null;
      }
      return p + "{Is" + name + "}";
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
