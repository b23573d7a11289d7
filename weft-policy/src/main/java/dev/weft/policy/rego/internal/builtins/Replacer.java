package dev.weft.policy.rego.internal.builtins;

import java.util.List;

/**
 * Go's {@code strings.Replacer}: left to right, without overlaps; at each position the first old
 * string in argument order that matches wins; an empty old string matches between runes.
 */
final class Replacer {

  private Replacer() {}

  static String replace(String s, List<String> olds, List<String> news) {
    StringBuilder out = new StringBuilder(s.length());
    boolean prevEmpty = false;
    int i = 0;
    while (true) {
      int match = -1;
      for (int k = 0; k < olds.size() && match < 0; k++) {
        String old = olds.get(k);
        if (old.isEmpty() ? !prevEmpty : s.startsWith(old, i)) {
          match = k;
        }
      }
      if (match >= 0) {
        out.append(news.get(match));
        i += olds.get(match).length();
        prevEmpty = olds.get(match).isEmpty();
        continue;
      }
      prevEmpty = false;
      if (i >= s.length()) {
        return out.toString();
      }
      int c = s.codePointAt(i);
      out.appendCodePoint(c);
      i += Character.charCount(c);
    }
  }
}
