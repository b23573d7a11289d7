package dev.weft.policy.rego.internal;

import dev.weft.policy.PolicyException;
import dev.weft.policy.rego.EvalOptions;
import dev.weft.policy.rego.QueryResult;
import dev.weft.policy.rego.value.Value;

/** A compiled query. Immutable and thread-safe. */
public final class CompiledQuery {

  private CompiledQuery() {}

  /** Every solution. */
  public QueryResult evaluate(EvalOptions options) throws PolicyException {
    throw new UnsupportedOperationException("evaluator under construction");
  }

  /** The first solution's value of the first expression, or null when undefined. */
  public Value evaluateFirst(EvalOptions options) throws PolicyException {
    throw new UnsupportedOperationException("evaluator under construction");
  }
}
