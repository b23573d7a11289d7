package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.value.Value;

/**
 * A built-in function of Rego.
 *
 * <p>Built-ins are pure functions of their operands (and of the {@link BuiltinContext}); they never
 * see variables. Implementations must be thread-safe: one instance serves every query.
 */
public interface Builtin {

  /** The name as called in Rego, e.g. {@code "count"} or {@code "strings.any_prefix_match"}. */
  String name();

  /**
   * The number of operands. A call with one argument more passes an output term, which the
   * evaluator unifies with the result. {@code -1} for variadic built-ins such as {@code print}.
   */
  int arity();

  /**
   * Computes the result.
   *
   * @param ctx the evaluation's context (clock, print sink, cache)
   * @param args exactly {@link #arity()} operands, all ground
   * @return the result, or null when the call is undefined (for example {@code object.get} has no
   *     undefined result, but {@code to_number} of a non-numeric string is an error, not null)
   * @throws BuiltinException for a type error or another failure, with OPA's message
   */
  Value call(BuiltinContext ctx, Value[] args) throws BuiltinException;

  /**
   * Whether this built-in is a relation (OPA's {@code walk}): it has any number of results and each
   * is a separate solution. The evaluator calls {@link #callEach} for relations.
   */
  default boolean isRelation() {
    return false;
  }

  /**
   * Passes each result to {@code each} until it returns true (stop); returns whether it stopped. A
   * function has at most one result: this is {@link #call}.
   */
  default boolean callEach(BuiltinContext ctx, Value[] args, Results each) throws BuiltinException {
    Value v = call(ctx, args);
    return v != null && each.accept(v);
  }

  /** Receives the results of a relation; returns true to stop. */
  @FunctionalInterface
  interface Results {
    boolean accept(Value result);
  }
}
