package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.SetValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.util.List;

/**
 * {@code internal.template_string(parts)}, what OPA compiles a template string into: each part is
 * the set of values its expression had, or a literal string; the result joins them as {@code print}
 * writes values ({@code <undefined>} for an empty set). A part with more than one value would give
 * several strings, which stops the evaluation with OPA's conflict error.
 */
final class TemplateStringBuiltin {

  private TemplateStringBuiltin() {}

  static Builtin builtin() {
    return Fn.of1("internal.template_string", TemplateStringBuiltin::render);
  }

  private static Value render(Value a) throws BuiltinException {
    ArrayValue parts = Operands.array(a, 1);
    StringBuilder out = new StringBuilder();
    for (Value part : parts.elements()) {
      if (part instanceof StringValue literal) {
        out.append(literal.value());
        continue;
      }
      if (!(part instanceof SetValue set)) {
        throw BuiltinException.halt(
            "eval_internal_error", "illegal argument type: " + part.typeName());
      }
      List<Value> values = set.sorted();
      if (values.size() > 1) {
        throw BuiltinException.halt(
            "eval_conflict_error", "template-strings must not produce multiple outputs");
      }
      if (values.isEmpty()) {
        out.append("<undefined>");
      } else {
        Value v = values.getFirst();
        out.append(v instanceof StringValue s ? s.value() : v.toString());
      }
    }
    return StringValue.of(out.toString());
  }
}
