package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.value.BooleanValue;
import java.util.List;

/** {@code equal neq lt lte gt gte}: any two values, by OPA's total order. */
final class ComparisonBuiltins {

  private ComparisonBuiltins() {}

  static List<Builtin> all() {
    return List.of(
        Fn.of2("equal", (a, b) -> BooleanValue.of(a.equals(b))),
        Fn.of2("neq", (a, b) -> BooleanValue.of(!a.equals(b))),
        Fn.of2("lt", (a, b) -> BooleanValue.of(a.compareTo(b) < 0)),
        Fn.of2("lte", (a, b) -> BooleanValue.of(a.compareTo(b) <= 0)),
        Fn.of2("gt", (a, b) -> BooleanValue.of(a.compareTo(b) > 0)),
        Fn.of2("gte", (a, b) -> BooleanValue.of(a.compareTo(b) >= 0)));
  }
}
