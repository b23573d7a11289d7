package dev.weft.policy.rego;

import dev.weft.policy.rego.value.Value;
import java.util.List;
import java.util.Map;

/**
 * The solutions of a query, in OPA's shape: one {@link Solution} per way the query holds; none when
 * it is undefined.
 *
 * @param solutions the solutions in evaluation order
 */
public record QueryResult(List<Solution> solutions) {

  /** Copies the list. */
  public QueryResult {
    solutions = List.copyOf(solutions);
  }

  /** Whether the query had no solution (it is undefined). */
  public boolean isUndefined() {
    return solutions.isEmpty();
  }

  /**
   * One solution.
   *
   * @param expressions the value of each expression of the query, in order
   * @param bindings the value of each named (non-wildcard, non-generated) variable of the query, in
   *     order of first appearance
   */
  public record Solution(List<ExpressionValue> expressions, Map<String, Value> bindings) {

    /** Copies the collections. */
    public Solution {
      expressions = List.copyOf(expressions);
      bindings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(bindings));
    }
  }

  /**
   * The value of one expression of the query.
   *
   * @param value its value ({@code true} for an expression such as {@code x = 1} that held)
   * @param text the expression's source text
   * @param location where it is in the query
   */
  public record ExpressionValue(Value value, String text, Location location) {}
}
