package dev.weft.controller;

/** A caller-chosen string as it may appear in a message: quoted, at most 80 characters. */
final class Shown {
  private Shown() {}

  static String of(String text) {
    if (text == null) {
      return "null";
    }
    String cut = text.length() > 80 ? text.substring(0, 80) + "..." : text;
    StringBuilder out = new StringBuilder(cut.length() + 2).append('"');
    cut.codePoints()
        .forEach(
            c -> {
              if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04x", c));
              } else if (c == '"' || c == '\\') {
                out.append('\\').appendCodePoint(c);
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.append('"').toString();
  }
}
