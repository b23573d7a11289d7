package dev.weft.policy.rego;

import java.util.List;

/**
 * One error from the Rego engine, in OPA's terms.
 *
 * @param code OPA's error code: {@code rego_parse_error}, {@code rego_compile_error}, {@code
 *     rego_type_error}, {@code rego_unsafe_var_error}, {@code rego_recursion_error}, {@code
 *     eval_conflict_error}, {@code eval_type_error}, {@code eval_builtin_error}, {@code
 *     eval_cancel_error}
 * @param message the message in OPA's wording
 * @param location where the error is, or {@link Location#NONE}
 * @param hint what to do about it, or null
 */
public record RegoError(String code, String message, Location location, String hint) {

  /** Parse error code. */
  public static final String PARSE = "rego_parse_error";

  /** Compile error code. */
  public static final String COMPILE = "rego_compile_error";

  /** Type error code (compile time). */
  public static final String TYPE = "rego_type_error";

  /** Unsafe variable code. */
  public static final String UNSAFE_VAR = "rego_unsafe_var_error";

  /** Recursion error code. */
  public static final String RECURSION = "rego_recursion_error";

  /** Conflicting outputs at evaluation. */
  public static final String EVAL_CONFLICT = "eval_conflict_error";

  /** A built-in got an operand of the wrong type at evaluation. */
  public static final String EVAL_TYPE = "eval_type_error";

  /** A built-in failed at evaluation. */
  public static final String EVAL_BUILTIN = "eval_builtin_error";

  /** The evaluation was stopped: it reached its deadline or its step budget. */
  public static final String EVAL_CANCEL = "eval_cancel_error";

  /** {@code file:line:col: code: message}, without the hint. */
  @Override
  public String toString() {
    String where = location == null || location.line() == 0 ? "" : location + ": ";
    return where + code + ": " + message;
  }

  /**
   * The error as OPA prints it: {@code file:line: code: message} (OPA's own output names the line
   * but not the column).
   */
  public String opaString() {
    String where =
        location == null || location.line() == 0
            ? ""
            : (location.file().isEmpty() ? "" : location.file() + ":") + location.line() + ": ";
    return where + code + ": " + message;
  }

  /** All errors, one per line, each followed by its hint when there is one. */
  public static String describe(List<RegoError> errors) {
    StringBuilder out = new StringBuilder();
    if (errors.size() > 1) {
      out.append(errors.size()).append(" errors occurred:\n");
    }
    for (int i = 0; i < errors.size(); i++) {
      if (i > 0) {
        out.append('\n');
      }
      RegoError e = errors.get(i);
      out.append(e);
      if (e.hint() != null) {
        out.append("\n\thint: ").append(e.hint());
      }
    }
    return out.toString();
  }
}
