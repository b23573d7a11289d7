package dev.weft.policy.rego.internal;

import dev.weft.policy.rego.Location;
import dev.weft.policy.rego.internal.Ir.Node;
import dev.weft.policy.rego.internal.Ir.Query;

/**
 * One compiled rule definition (with its {@code else} chain).
 *
 * @param node the document node the rule defines
 * @param frameSize the number of variable slots the rule's frame needs
 * @param params the function's parameter patterns, or null
 * @param key the partial set element, or null
 * @param suffix the head's non-constant tail for object rules (empty otherwise)
 * @param value the value, or null for partial sets
 * @param body the body
 * @param elseRule the next rule of the else chain, or null
 * @param location where the rule is written
 */
record CompiledRule(
    DocNode node,
    int frameSize,
    Node[] params,
    Node key,
    Node[] suffix,
    Node value,
    Query body,
    CompiledRule elseRule,
    Location location) {

  /** Whether every solution of the body gives the same value, so the first is enough. */
  boolean constantValue() {
    return value instanceof Ir.Const && suffix.length == 0 && key == null;
  }
}
