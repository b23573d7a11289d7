package dev.weft.policy.rego.internal.builtins;

import java.io.Serial;

/**
 * A built-in failed. The message is OPA's, without the built-in's name, which the evaluator adds
 * along with the location: e.g. {@code "operand 1 must be string but got number"} becomes {@code
 * "policy.rego:4: eval_type_error: startswith: operand 1 must be string but got number"}.
 */
public final class BuiltinException extends Exception {

  @Serial private static final long serialVersionUID = 1L;

  /** Whether this is a type error ({@code eval_type_error}) or another failure. */
  private final boolean typeError;

  /** The error code of an error that stops the evaluation whatever the strictness, or null. */
  private final String haltCode;

  private BuiltinException(String message, boolean typeError) {
    this(message, typeError, null);
  }

  private BuiltinException(String message, boolean typeError, String haltCode) {
    super(message);
    this.typeError = typeError;
    this.haltCode = haltCode;
  }

  /**
   * An error that stops the evaluation even when built-in errors are not strict (OPA's {@code
   * Halt}), with its code and message as they are: e.g. {@code eval_conflict_error}.
   */
  public static BuiltinException halt(String code, String message) {
    return new BuiltinException(message, false, code);
  }

  /** The code of a halting error, or null when this error only makes the call undefined. */
  public String haltCode() {
    return haltCode;
  }

  /** A type error: {@code eval_type_error}. */
  public static BuiltinException typeError(String message) {
    return new BuiltinException(message, true);
  }

  /** Any other failure: {@code eval_builtin_error}. */
  public static BuiltinException failure(String message) {
    return new BuiltinException(message, false);
  }

  /**
   * OPA's operand type error: {@code operand 2 must be one of {string, set, array} but got number}.
   *
   * @param position 1-based operand position
   * @param expected the expected type, as OPA names it (e.g. {@code "string"} or {@code "one of
   *     {string, set, array}"})
   * @param got the type name of the value given
   */
  public static BuiltinException operand(int position, String expected, String got) {
    return typeError("operand " + position + " must be " + expected + " but got " + got);
  }

  /** Whether this is a type error rather than another failure. */
  public boolean isTypeError() {
    return typeError;
  }
}
