package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.util.List;

/**
 * {@code strings.render_template(template, vars)}: Go's {@code text/template} ({@link
 * GoTemplateExec}).
 */
final class TemplateBuiltins {

  private TemplateBuiltins() {}

  static List<Builtin> all() {
    return List.of(Fn.of2("strings.render_template", TemplateBuiltins::render));
  }

  private static Value render(Value a, Value b) throws BuiltinException {
    String template = Operands.string(a, 1);
    ObjectValue vars = Operands.object(b, 2);
    return StringValue.of(GoTemplateExec.render(template, vars));
  }
}
