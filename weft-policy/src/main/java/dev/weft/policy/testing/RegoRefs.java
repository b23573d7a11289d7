package dev.weft.policy.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Writes and reads rule references such as {@code data.pkg.p["a b"].test_x}. */
final class RegoRefs {

  private static final Set<String> KEYWORDS =
      Set.of(
          "as",
          "contains",
          "default",
          "else",
          "every",
          "false",
          "if",
          "import",
          "in",
          "not",
          "null",
          "package",
          "some",
          "true",
          "with");

  private RegoRefs() {}

  /** {@code head} followed by each segment: {@code .seg} for identifiers, else {@code ["seg"]}. */
  static String render(String head, List<String> segments) {
    StringBuilder out = new StringBuilder(head);
    for (String s : segments) {
      if (isIdentifier(s)) {
        out.append('.').append(s);
      } else {
        out.append('[');
        dev.weft.policy.rego.internal.text.GoText.appendJson(out, s);
        out.append(']');
      }
    }
    return out.toString();
  }

  /** Whether {@code s} can follow a dot in a reference. */
  static boolean isIdentifier(String s) {
    if (s.isEmpty() || KEYWORDS.contains(s)) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      if (!ok && !(i > 0 && c >= '0' && c <= '9')) {
        return false;
      }
    }
    return true;
  }

  /**
   * The segments of a reference after its head: {@code data.a["b c"].d} gives {@code [a, b c, d]}.
   * Number segments are kept as their text. Returns null for text that is not a reference.
   */
  static List<String> parse(String ref) {
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = ref.length();
    while (i < n && ref.charAt(i) != '.' && ref.charAt(i) != '[') {
      i++; // the head
    }
    while (i < n) {
      char c = ref.charAt(i);
      if (c == '.') {
        int start = ++i;
        while (i < n && ref.charAt(i) != '.' && ref.charAt(i) != '[' && ref.charAt(i) != ']') {
          i++;
        }
        out.add(ref.substring(start, i));
      } else if (c == '[') {
        i++;
        StringBuilder seg = new StringBuilder();
        if (i < n && ref.charAt(i) == '"') {
          i++;
          while (i < n && ref.charAt(i) != '"') {
            if (ref.charAt(i) == '\\' && i + 1 < n) {
              i++;
            }
            seg.append(ref.charAt(i++));
          }
          i++; // closing quote
        } else {
          while (i < n && ref.charAt(i) != ']') {
            seg.append(ref.charAt(i++));
          }
        }
        if (i >= n || ref.charAt(i) != ']') {
          return null;
        }
        i++;
        out.add(seg.toString());
      } else {
        return null;
      }
    }
    return out;
  }
}
