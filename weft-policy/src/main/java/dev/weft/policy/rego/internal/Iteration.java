package dev.weft.policy.rego.internal;

import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.NumberValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.SetValue;
import dev.weft.policy.rego.value.Value;
import java.util.Map;

/** Iterates the entries of a collection as (key, value) pairs. */
final class Iteration {

  /** Receives one entry; returns true to stop. */
  @FunctionalInterface
  interface Entry {
    boolean accept(Value key, Value value);
  }

  private Iteration() {}

  /**
   * Arrays give (index, element), objects (key, value), sets (element, element); any other value
   * has no entries. Returns true if a receiver asked to stop.
   */
  static boolean each(Value c, Entry e) {
    switch (c) {
      case ArrayValue a -> {
        for (int i = 0; i < a.size(); i++) {
          if (e.accept(NumberValue.of(i), a.get(i))) {
            return true;
          }
        }
      }
      case ObjectValue o -> {
        for (Map.Entry<Value, Value> entry : o.entrySet()) {
          if (e.accept(entry.getKey(), entry.getValue())) {
            return true;
          }
        }
      }
      case SetValue s -> {
        for (Value v : s.elements()) {
          if (e.accept(v, v)) {
            return true;
          }
        }
      }
      default -> {}
    }
    return false;
  }
}
