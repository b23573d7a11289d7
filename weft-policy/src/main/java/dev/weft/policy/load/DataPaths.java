package dev.weft.policy.load;

import java.util.List;

/** Writes data paths as Rego references: {@code data.a.b}, {@code data.a["b c"]}. */
final class DataPaths {

  private DataPaths() {}

  static String render(List<String> path) {
    StringBuilder out = new StringBuilder("data");
    for (String key : path) {
      if (isIdentifier(key)) {
        out.append('.').append(key);
      } else {
        out.append("[\"").append(key.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"]");
      }
    }
    return out.toString();
  }

  static boolean isIdentifier(String s) {
    if (s.isEmpty() || !(Character.isLetter(s.charAt(0)) || s.charAt(0) == '_')) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c == '_' || (c < 128 && Character.isLetterOrDigit(c)))) {
        return false;
      }
    }
    return s.charAt(0) < 128;
  }
}
