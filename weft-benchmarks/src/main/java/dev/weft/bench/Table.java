package dev.weft.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A plain-text table with a title, column headers and left- or right-aligned cells. */
public final class Table {
  private final String title;
  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();

  /** A table whose first column is left-aligned and the others right-aligned. */
  public Table(String title, String... headers) {
    this.title = title;
    this.headers = List.of(headers);
  }

  /**
   * Adds a row.
   *
   * @throws IllegalArgumentException if the row has more cells than there are columns
   */
  public Table row(String... cells) {
    if (cells.length > headers.size()) {
      throw new IllegalArgumentException(
          "row: " + cells.length + " cells (expected: at most " + headers.size() + ")");
    }
    List<String> row = new ArrayList<>(List.of(cells));
    while (row.size() < headers.size()) {
      row.add("");
    }
    rows.add(row);
    return this;
  }

  /** Prints the table to {@code out}. */
  public void print(PrintStream out) {
    int[] widths = new int[headers.size()];
    for (int c = 0; c < widths.length; c++) {
      widths[c] = headers.get(c).length();
      for (List<String> row : rows) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    int total = (widths.length - 1) * 2;
    for (int w : widths) {
      total += w;
    }
    out.println();
    out.println(title);
    out.println("=".repeat(Math.max(total, title.length())));
    out.println(line(headers, widths));
    out.println("-".repeat(total));
    for (List<String> row : rows) {
      out.println(line(row, widths));
    }
    out.println();
  }

  private static String line(List<String> cells, int[] widths) {
    StringBuilder s = new StringBuilder();
    for (int c = 0; c < widths.length; c++) {
      if (c > 0) {
        s.append("  ");
      }
      String cell = cells.get(c);
      String pad = " ".repeat(widths[c] - cell.length());
      s.append(c == 0 ? cell + pad : pad + cell);
    }
    return s.toString().stripTrailing();
  }

  /** {@code value} with thousands separators and {@code decimals} decimals. */
  public static String number(double value, int decimals) {
    return String.format(Locale.ROOT, "%,." + decimals + "f", value);
  }

  /** Nanoseconds as microseconds with one decimal. */
  public static String micros(long nanos) {
    return number(nanos / 1_000.0, 1);
  }

  /** {@code a / b} as a ratio such as {@code 1.84x}. */
  public static String ratio(double a, double b) {
    return String.format(Locale.ROOT, "%.2fx", a / b);
  }
}
