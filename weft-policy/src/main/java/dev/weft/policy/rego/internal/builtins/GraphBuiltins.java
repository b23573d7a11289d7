package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.SetValue;
import dev.weft.policy.rego.value.Value;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code graph.reachable graph.reachable_paths object.subset array.flatten}: graphs are objects
 * from a node to an array or set of its neighbours.
 */
final class GraphBuiltins {

  private GraphBuiltins() {}

  static List<Builtin> all() {
    return List.of(
        Fn.of2("graph.reachable", GraphBuiltins::reachable),
        Fn.of2("graph.reachable_paths", GraphBuiltins::reachablePaths),
        Fn.of2("object.subset", (a, b) -> BooleanValue.of(Subsets.subset(a, b))),
        Fn.of1("array.flatten", GraphBuiltins::flatten));
  }

  private static List<Value> initial(Value v) throws BuiltinException {
    if (v instanceof ArrayValue || v instanceof SetValue) {
      return Operands.elements(v);
    }
    throw Operands.type(2, v, "{array, set}");
  }

  private static Value reachable(Value a, Value b) throws BuiltinException {
    ObjectValue graph = Operands.object(a, 1);
    Deque<Value> queue = new ArrayDeque<>(initial(b));
    LinkedHashSet<Value> reached = new LinkedHashSet<>();
    while (!queue.isEmpty()) {
      Value node = queue.poll();
      Value edges = graph.get(node);
      if (edges != null) {
        for (Value neighbour : Operands.elements(edges)) {
          if (!reached.contains(neighbour)) {
            queue.add(neighbour);
          }
        }
        reached.add(node);
      }
    }
    return SetValue.wrap(reached);
  }

  private static Value reachablePaths(Value a, Value b) throws BuiltinException {
    ObjectValue graph = Operands.object(a, 1);
    LinkedHashSet<Value> paths = new LinkedHashSet<>();
    for (Value node : initial(b)) {
      Value edges = graph.get(node);
      if (edges == null) {
        continue;
      }
      List<Value> neighbours = Operands.elements(edges);
      if (neighbours.isEmpty()) {
        paths.add(ArrayValue.of(node));
        continue;
      }
      for (Value neighbour : neighbours) {
        walkPaths(graph, neighbour, List.of(node), Set.of(node), paths);
      }
    }
    return SetValue.wrap(paths);
  }

  /** OPA's {@code pathBuilder}, with an explicit stack instead of recursion. */
  private static void walkPaths(
      ObjectValue graph, Value start, List<Value> prefix, Set<Value> seen, Set<Value> out) {
    record Step(Value node, List<Value> path, Set<Value> reached) {}
    Deque<Step> stack = new ArrayDeque<>();
    stack.push(new Step(start, prefix, seen));
    while (!stack.isEmpty()) {
      Step s = stack.pop();
      Value edges = graph.get(s.node);
      if (edges == null) {
        out.add(ArrayValue.of(s.path));
        continue;
      }
      List<Value> path = new ArrayList<>(s.path);
      path.add(s.node);
      List<Value> neighbours = Operands.elements(edges);
      if (neighbours.isEmpty()) {
        out.add(ArrayValue.of(path));
        continue;
      }
      Set<Value> reached = new HashSet<>(s.reached);
      reached.add(s.node);
      List<Step> next = new ArrayList<>();
      for (Value neighbour : neighbours) {
        if (reached.contains(neighbour)) {
          out.add(ArrayValue.of(path));
        } else {
          next.add(new Step(neighbour, path, reached));
        }
      }
      for (int i = next.size() - 1; i >= 0; i--) {
        stack.push(next.get(i));
      }
    }
  }

  private static Value flatten(Value a) throws BuiltinException {
    ArrayValue array = Operands.array(a, 1);
    List<Value> out = new ArrayList<>();
    for (Value v : array.elements()) {
      if (v instanceof ArrayValue inner) {
        out.addAll(inner.elements());
      } else {
        out.add(v);
      }
    }
    return ArrayValue.of(out);
  }

  /** OPA's {@code object.subset}. */
  private static final class Subsets {

    static boolean subset(Value sup, Value sub) throws BuiltinException {
      return switch (sup) {
        case ObjectValue o when sub instanceof ObjectValue s -> objects(o, s);
        case SetValue o when sub instanceof SetValue s -> o.elements().containsAll(s.elements());
        case ArrayValue o when sub instanceof ArrayValue s -> arrays(o, s);
        case ArrayValue o when sub instanceof SetValue s -> arraySet(o, s);
        default ->
            throw BuiltinException.typeError(
                "both arguments object.subset must be of the same type or array and set");
      };
    }

    private static boolean objects(ObjectValue sup, ObjectValue sub) {
      for (Map.Entry<Value, Value> e : sub.entrySet()) {
        Value superValue = sup.get(e.getKey());
        if (superValue == null) {
          return false;
        }
        Value subValue = e.getValue();
        if (subValue.equals(superValue)) {
          continue;
        }
        boolean ok =
            switch (superValue) {
              case ObjectValue o when subValue instanceof ObjectValue s -> objects(o, s);
              case SetValue o when subValue instanceof SetValue s ->
                  o.elements().containsAll(s.elements());
              case ArrayValue o when subValue instanceof ArrayValue s -> arrays(o, s);
              default -> false;
            };
        if (!ok) {
          return false;
        }
      }
      return true;
    }

    /** The whole of {@code sub} appears, in order and contiguous, in {@code sup}. */
    private static boolean arrays(ArrayValue sup, ArrayValue sub) {
      if (sub.size() > sup.size()) {
        return false;
      }
      if (sub.equals(sup)) {
        return true;
      }
      return java.util.Collections.indexOfSubList(sup.elements(), sub.elements()) >= 0;
    }

    /** OPA's {@code arraySetSubset}: an empty array is no superset, not even of the empty set. */
    private static boolean arraySet(ArrayValue sup, SetValue sub) {
      int unmatched = sub.size();
      for (Value v : sup.elements()) {
        if (sub.contains(v)) {
          unmatched--;
        }
        if (unmatched == 0) {
          return true;
        }
      }
      return false;
    }
  }
}
