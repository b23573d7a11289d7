package dev.weft.cli.policy;

import java.util.List;

/**
 * A box-drawn table as OPA's pretty output draws it: headers centred, cells left-aligned, one space
 * of padding.
 */
final class Table {

  private Table() {}

  static String render(List<String> headers, List<List<String>> rows) {
    int[] widths = new int[headers.size()];
    for (int c = 0; c < widths.length; c++) {
      widths[c] = width(headers.get(c));
      for (List<String> row : rows) {
        widths[c] = Math.max(widths[c], width(row.get(c)));
      }
    }
    StringBuilder out = new StringBuilder();
    rule(out, widths, '┌', '┬', '┐');
    out.append('│');
    for (int c = 0; c < widths.length; c++) {
      int gap = widths[c] - width(headers.get(c));
      int left = gap / 2;
      out.append(' ')
          .append(" ".repeat(left))
          .append(headers.get(c))
          .append(" ".repeat(gap - left))
          .append(" │");
    }
    out.append('\n');
    rule(out, widths, '├', '┼', '┤');
    for (List<String> row : rows) {
      out.append('│');
      for (int c = 0; c < widths.length; c++) {
        out.append(' ')
            .append(row.get(c))
            .append(" ".repeat(widths[c] - width(row.get(c))))
            .append(" │");
      }
      out.append('\n');
    }
    rule(out, widths, '└', '┴', '┘');
    out.setLength(out.length() - 1); // no trailing newline, like the other forms
    return out.toString();
  }

  private static void rule(StringBuilder out, int[] widths, char left, char middle, char right) {
    out.append(left);
    for (int c = 0; c < widths.length; c++) {
      if (c > 0) {
        out.append(middle);
      }
      out.append("─".repeat(widths[c] + 2));
    }
    out.append(right).append('\n');
  }

  private static int width(String s) {
    return s.codePointCount(0, s.length());
  }
}
