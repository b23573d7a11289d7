package dev.weft.policy.testing;

import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.Json;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cases of a parameterized test, as OPA's runner finds them: each key of the test's value (an
 * object, nested for several keys) is a case that passed when its value is {@code true}; each case
 * the evaluation reached (the compiler reports it as soon as the head's keys are bound) but that is
 * missing from the value failed.
 */
final class SubResults {

  private SubResults() {}

  /** A case being collected: failed (when a leaf), and its cases by name. */
  private static final class Node {
    boolean failed;
    final Map<String, Node> children = new TreeMap<>();
  }

  /** The cases of a test whose value is {@code value} (null when undefined). */
  static List<SubResult> of(Value value, Collection<ArrayValue> reached) {
    Node root = new Node();
    if (value instanceof ObjectValue object) {
      fill(root, object);
    }
    for (ArrayValue path : reached) {
      Node node = root;
      for (int i = 0; i < path.size(); i++) {
        Node child = node.children.get(name(path.get(i)));
        if (child == null) {
          child = new Node();
          child.failed = true;
          node.children.put(name(path.get(i)), child);
        }
        node = child;
      }
    }
    return results(root);
  }

  /** Whether any case, at any depth, failed. */
  static boolean anyFailed(List<SubResult> results) {
    for (SubResult r : results) {
      if (r.failed()) {
        return true;
      }
    }
    return false;
  }

  private static void fill(Node node, ObjectValue object) {
    for (Map.Entry<Value, Value> e : object.entrySet()) {
      Node child = new Node();
      if (e.getValue() instanceof ObjectValue nested) {
        fill(child, nested);
      } else {
        child.failed = !BooleanValue.TRUE.equals(e.getValue());
      }
      node.children.put(name(e.getKey()), child);
    }
  }

  private static List<SubResult> results(Node node) {
    List<SubResult> out = new ArrayList<>();
    node.children.forEach(
        (name, child) -> {
          List<SubResult> below = results(child);
          boolean failed = below.isEmpty() ? child.failed : anyFailed(below);
          out.add(new SubResult(name, failed, below));
        });
    return out;
  }

  private static String name(Value key) {
    return key instanceof StringValue s ? s.value() : Json.write(key);
  }
}
