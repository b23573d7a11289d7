package dev.weft.policy.rego;

/**
 * Where a piece of Rego source sits.
 *
 * @param file the file name as given to the parser (may be empty for queries)
 * @param line 1-based line
 * @param col 1-based column
 */
public record Location(String file, int line, int col) {

  /** A location for synthesized terms. */
  public static final Location NONE = new Location("", 0, 0);

  /** {@code file:line:col}, or {@code line:col} without a file. */
  @Override
  public String toString() {
    return file.isEmpty() ? line + ":" + col : file + ":" + line + ":" + col;
  }
}
