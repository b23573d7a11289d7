package dev.weft.policy.rego;

import dev.weft.policy.rego.internal.ast.Term;
import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.SetValue;
import dev.weft.policy.rego.value.Value;
import java.util.ArrayList;
import java.util.List;

/** Converts a ground term (scalars, arrays, objects, sets) into its value, for test inputs. */
final class GroundTerms {

  private GroundTerms() {}

  static Value value(Term t) {
    return switch (t) {
      case Term.Scalar s -> s.value();
      case Term.ArrayTerm a -> ArrayValue.of(values(a.elements()));
      case Term.SetTerm s -> SetValue.of(values(s.elements()));
      case Term.ObjectTerm o -> {
        ObjectValue.Builder b = ObjectValue.builder();
        o.entries().forEach(e -> b.put(value(e.key()), value(e.value())));
        yield b.build();
      }
      default -> throw new IllegalArgumentException("term: " + t + " (expected: a ground value)");
    };
  }

  private static List<Value> values(List<Term> terms) {
    List<Value> out = new ArrayList<>();
    terms.forEach(t -> out.add(value(t)));
    return out;
  }
}
