package dev.weft.policy.rego.internal.builtins;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The "did you mean" suggestions and word lists of gqlparser's validation messages. */
final class GqlSuggest {

  private GqlSuggest() {}

  /** {@code "a", "b", or "c"} (at most five). */
  static String quotedOrList(List<String> items) {
    List<String> quoted = new ArrayList<>();
    for (String item : items) {
      quoted.add("\"" + item + "\"");
    }
    return orList(quoted);
  }

  /** {@code a, b, or c}; {@code a or b} for two; at most five. */
  static String orList(List<String> items) {
    List<String> list = items.size() > 5 ? items.subList(0, 5) : items;
    if (list.size() == 2) {
      return list.get(0) + " or " + list.get(1);
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < list.size(); i++) {
      if (i != 0) {
        out.append(i == list.size() - 1 ? ", or " : ", ");
      }
      out.append(list.get(i));
    }
    return out.toString();
  }

  /** {@code " Did you mean "a" or "b"?"} when some options are close to {@code typed}. */
  static String quoted(String prefix, String typed, List<String> options) {
    List<String> suggested = list(typed, options);
    return suggested.isEmpty() ? "" : " " + prefix + " " + quotedOrList(suggested) + "?";
  }

  /** As {@link #quoted} without quotes around the options. */
  static String unquoted(String prefix, String typed, List<String> options) {
    List<String> suggested = list(typed, options);
    return suggested.isEmpty() ? "" : " " + prefix + " " + orList(suggested) + "?";
  }

  /**
   * {@code SuggestionList}: the options within an edit distance of {@code input}, closest first.
   */
  static List<String> list(String input, List<String> options) {
    List<String> results = new ArrayList<>();
    Map<String, Integer> distances = new HashMap<>();
    int threshold =
        Math.max((int) Math.floor(input.getBytes(StandardCharsets.UTF_8).length * 0.4) + 1, 1);
    for (String option : options) {
      int distance = lexicalDistance(input, option);
      if (distance <= threshold) {
        results.add(option);
        distances.put(option, distance);
      }
    }
    results.sort(Comparator.comparingInt(distances::get));
    return results;
  }

  private static int lexicalDistance(String a, String b) {
    if (a.equals(b)) {
      return 0;
    }
    String la = a.toLowerCase(Locale.ROOT);
    String lb = b.toLowerCase(Locale.ROOT);
    return la.equals(lb) ? 1 : levenshtein(la, lb);
  }

  private static int levenshtein(String a, String b) {
    int[] s = a.codePoints().toArray();
    int[] t = b.codePoints().toArray();
    int[] row = new int[t.length + 1];
    for (int j = 0; j <= t.length; j++) {
      row[j] = j;
    }
    for (int i = 1; i <= s.length; i++) {
      int prev = row[0];
      row[0] = i;
      for (int j = 1; j <= t.length; j++) {
        int current = row[j];
        int cost = s[i - 1] == t[j - 1] ? 0 : 1;
        row[j] = Math.min(Math.min(row[j] + 1, row[j - 1] + 1), prev + cost);
        prev = current;
      }
    }
    return row[t.length];
  }
}
