package dev.weft.cli.fabric;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.cli.CliException;
import dev.weft.fabric.admin.AdminClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.Function;

/**
 * Prints what a list command fetched: a JSON array (the admin endpoint's own shape, one line), or a
 * table of aligned columns with upper-case headers, as slimctl and kubectl print them.
 */
final class Listing {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Fetches the rows from the admin endpoint. */
  @FunctionalInterface
  interface Fetch<T> {
    List<T> from(AdminClient client) throws IOException;
  }

  private Listing() {}

  /**
   * Fetches and prints; exit status 0, or a {@link CliException} (status 1) naming the endpoint
   * when it cannot be read.
   */
  static <T> int print(
      AdminOptions options,
      PrintWriter out,
      Fetch<T> fetch,
      List<String> headers,
      Function<T, List<String>> cells)
      throws CliException {
    boolean json = options.json();
    AdminClient client = options.client();
    List<T> rows;
    try {
      rows = fetch.from(client);
    } catch (IOException e) {
      throw new CliException("admin endpoint " + options.admin + ": " + e.getMessage(), e);
    }
    if (json) {
      try {
        out.println(JSON.writeValueAsString(rows));
      } catch (JsonProcessingException e) {
        throw new CliException(
            "the list could not be written as JSON: " + e.getOriginalMessage(), e);
      }
    } else {
      out.print(table(headers, rows.stream().map(cells).toList()));
    }
    out.flush();
    return 0;
  }

  /** Columns separated by three spaces, each as wide as its widest cell; one line per row. */
  static String table(List<String> headers, List<List<String>> rows) {
    int[] widths = new int[headers.size()];
    for (int c = 0; c < widths.length; c++) {
      widths[c] = headers.get(c).length();
      for (List<String> row : rows) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    StringBuilder text = new StringBuilder();
    line(text, headers, widths);
    for (List<String> row : rows) {
      line(text, row, widths);
    }
    return text.toString();
  }

  private static void line(StringBuilder text, List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < cells.size(); c++) {
      line.append(cells.get(c));
      if (c < cells.size() - 1) {
        line.append(" ".repeat(widths[c] - cells.get(c).length() + 3));
      }
    }
    text.append(line.toString().stripTrailing()).append('\n');
  }
}
