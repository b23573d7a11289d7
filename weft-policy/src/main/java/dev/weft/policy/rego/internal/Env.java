package dev.weft.policy.rego.internal;

import dev.weft.policy.rego.value.Value;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What an evaluation sees that {@code with} can change: the input, replaced data paths, replaced
 * functions; and the cache of rule values computed under exactly these.
 *
 * @param input the input document, or null when undefined
 * @param dataOverrides replaced data paths, innermost last
 * @param functionOverrides replaced functions, keyed by built-in name or function node; the value
 *     is an {@link Ir.Callee} or a {@link Value}
 * @param memo rule values computed in this environment (a rule node to its value or {@link
 *     #UNDEFINED})
 */
record Env(
    Value input,
    List<DataOverride> dataOverrides,
    Map<Object, Object> functionOverrides,
    Map<DocNode, Object> memo) {

  /** The memo marker of a rule that is undefined. */
  static final Object UNDEFINED = new Object();

  /** A replaced data path. */
  record DataOverride(String[] path, Value value) {}

  static Env of(Value input) {
    return new Env(input, List.of(), Map.of(), new HashMap<>());
  }
}
