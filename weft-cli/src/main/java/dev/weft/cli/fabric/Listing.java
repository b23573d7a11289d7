package dev.weft.cli.fabric;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.cli.CliException;
import dev.weft.controller.api.ControllerClient;
import dev.weft.controller.api.ControllerClientException;
import dev.weft.controller.api.Json;
import dev.weft.fabric.admin.AdminClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
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

  /** Asks the controller for the rows. */
  @FunctionalInterface
  interface Ask<T> {
    List<T> from(ControllerClient client) throws ControllerClientException;
  }

  /**
   * Fetches from the node's admin endpoint, or asks the controller, and prints; exit status 0, or a
   * {@link CliException} (status 1) naming the endpoint when it cannot be read.
   */
  static <T> int print(
      AdminOptions options,
      PrintWriter out,
      Fetch<T> fetch,
      List<String> headers,
      Function<T, List<String>> cells)
      throws CliException {
    boolean json = options.json();
    if (options.viaController()) {
      throw new CliException(
          "--controller: this list is a node's own (expected: --admin HOST:PORT)",
          null,
          FabricCommand.USAGE);
    }
    AdminClient client = options.client();
    List<T> rows;
    try {
      rows = fetch.from(client);
    } catch (IOException e) {
      throw new CliException("admin endpoint " + options.admin + ": " + e.getMessage(), e);
    }
    return rows(json, out, rows, JSON, headers, cells);
  }

  /** Asks the controller named by {@code options} and prints its rows. */
  static <T> int ask(
      ControllerOptions options,
      boolean json,
      Duration wait,
      PrintWriter out,
      Ask<T> ask,
      List<String> headers,
      Function<T, List<String>> cells)
      throws CliException {
    List<T> rows;
    try (ControllerOptions.Session session = options.open(wait)) {
      rows = ask.from(session.client());
    } catch (ControllerClientException e) {
      throw new CliException(options.display() + ": " + e.getMessage(), e);
    }
    return rows(json, out, rows, Json.MAPPER, headers, cells);
  }

  /** Prints rows as a JSON array (one line) or an aligned table. */
  static <T> int rows(
      boolean json,
      PrintWriter out,
      List<T> rows,
      ObjectMapper mapper,
      List<String> headers,
      Function<T, List<String>> cells)
      throws CliException {
    if (json) {
      try {
        out.println(mapper.writeValueAsString(rows));
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
