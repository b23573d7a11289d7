package dev.weft.policy.rego;

import dev.weft.policy.PolicyException;
import dev.weft.policy.rego.internal.CompiledQuery;
import dev.weft.policy.rego.value.Value;
import java.util.Optional;

/** A query compiled against a {@link RegoPolicy}: immutable, thread-safe, reusable. */
public final class PreparedQuery {

  private final CompiledQuery query;

  PreparedQuery(CompiledQuery query) {
    this.query = query;
  }

  /**
   * Evaluates the query and returns every solution.
   *
   * @throws PolicyException for an evaluation error (conflict, or a built-in error when strict)
   */
  public QueryResult evaluate(EvalOptions options) throws PolicyException {
    return query.evaluate(options);
  }

  /**
   * Evaluates a query of one expression and returns the first solution's value of it, or empty if
   * the query is undefined. The fast path for decisions: no bindings map is built.
   *
   * @throws PolicyException for an evaluation error
   */
  public Optional<Value> evaluateFirst(EvalOptions options) throws PolicyException {
    return Optional.ofNullable(query.evaluateFirst(options));
  }
}
