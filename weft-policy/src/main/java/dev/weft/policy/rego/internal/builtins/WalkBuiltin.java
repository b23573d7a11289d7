package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.NumberValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.SetValue;
import dev.weft.policy.rego.value.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code walk(x, [path, value])}: a relation with one result per node of {@code x}, the root first,
 * then depth first (array elements by index, object entries in OPA's key order, set elements in
 * OPA's order); each result is {@code [path, value]}.
 */
final class WalkBuiltin implements Builtin {

  @Override
  public String name() {
    return "walk";
  }

  @Override
  public int arity() {
    return 1;
  }

  @Override
  public boolean isRelation() {
    return true;
  }

  /** The first result (the root); the evaluator asks a relation for all of them instead. */
  @Override
  public Value call(BuiltinContext ctx, Value[] args) {
    return ArrayValue.of(ArrayValue.EMPTY, args[0]);
  }

  @Override
  public boolean callEach(BuiltinContext ctx, Value[] args, Results each) {
    return walk(new ArrayList<>(), args[0], each);
  }

  private static boolean walk(List<Value> path, Value v, Results each) {
    if (each.accept(ArrayValue.of(ArrayValue.of(path), v))) {
      return true;
    }
    switch (v) {
      case ArrayValue a -> {
        for (int i = 0; i < a.size(); i++) {
          if (child(path, NumberValue.of(i), a.get(i), each)) {
            return true;
          }
        }
      }
      case ObjectValue o -> {
        for (Value k : o.sortedKeys()) {
          if (child(path, k, o.get(k), each)) {
            return true;
          }
        }
      }
      case SetValue s -> {
        for (Value e : s.sorted()) {
          if (child(path, e, e, each)) {
            return true;
          }
        }
      }
      default -> {}
    }
    return false;
  }

  private static boolean child(List<Value> path, Value key, Value v, Results each) {
    path.add(key);
    boolean stop = walk(path, v, each);
    path.removeLast();
    return stop;
  }

  @Override
  public String toString() {
    return "walk/1";
  }
}
