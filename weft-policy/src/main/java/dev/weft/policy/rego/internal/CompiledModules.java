package dev.weft.policy.rego.internal;

import dev.weft.policy.PolicyException;
import dev.weft.policy.rego.ast.Module;
import dev.weft.policy.rego.parser.RegoParser.ParsedQuery;
import dev.weft.policy.rego.value.ObjectValue;
import java.util.List;

/** Compiled modules and data. Immutable and thread-safe. */
public final class CompiledModules {

  private CompiledModules() {}

  /** Compiles a query against these modules. */
  public CompiledQuery prepare(ParsedQuery query) throws PolicyException {
    throw new UnsupportedOperationException("compiler under construction");
  }

  /** The modules. */
  public List<Module> modules() {
    throw new UnsupportedOperationException("compiler under construction");
  }

  /** The base data. */
  public ObjectValue data() {
    throw new UnsupportedOperationException("compiler under construction");
  }

  /** The full paths of every rule, sorted. */
  public List<String> rulePaths() {
    throw new UnsupportedOperationException("compiler under construction");
  }
}
