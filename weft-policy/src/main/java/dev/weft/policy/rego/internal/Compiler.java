package dev.weft.policy.rego.internal;

import dev.weft.policy.PolicyException;
import dev.weft.policy.rego.ast.Module;
import dev.weft.policy.rego.value.ObjectValue;
import java.util.List;

/** Compiles parsed modules and base data into an evaluable form. */
public final class Compiler {

  private Compiler() {}

  /**
   * Compiles modules and data.
   *
   * @throws PolicyException with every compile error
   */
  public static CompiledModules compile(List<Module> modules, ObjectValue data)
      throws PolicyException {
    throw new UnsupportedOperationException("compiler under construction");
  }
}
