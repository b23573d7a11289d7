package dev.weft.policy.rego;

import dev.weft.policy.PolicyException;
import dev.weft.policy.rego.internal.CompiledModules;
import dev.weft.policy.rego.internal.Compiler;
import dev.weft.policy.rego.internal.PolicyModules;
import dev.weft.policy.rego.internal.ast.Module;
import dev.weft.policy.rego.internal.parser.RegoParser;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A compiled set of Rego modules with their base data: immutable, thread-safe, and cheap to
 * evaluate many times.
 *
 * <pre>{@code
 * RegoPolicy policy = RegoPolicy.builder()
 *     .module("authz.rego", source)
 *     .data(Json.parse(dataJson))
 *     .build();
 * Optional<Value> allow = policy.evaluate("data.agentweave.authz.federated.allow", input);
 * }</pre>
 */
public final class RegoPolicy {

  static {
    PolicyModules.setReader(policy -> policy.compiled);
  }

  private final CompiledModules compiled;

  private RegoPolicy(CompiledModules compiled) {
    this.compiled = compiled;
  }

  /** A builder for a policy. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Prepares a query (e.g. {@code data.pkg.allow} or {@code x := data.pkg.p[_]; x > 1}) against
   * this policy, in Rego v1 syntax.
   *
   * @throws PolicyException with the parse or compile errors of the query
   */
  public PreparedQuery prepare(String query) throws PolicyException {
    return new PreparedQuery(compiled.prepare(RegoParser.parseQueryWithText(query)));
  }

  /**
   * Evaluates one document, e.g. {@code data.agentweave.authz.federated.allow}, for an input.
   *
   * @param ref the document's reference, starting with {@code data}
   * @param input the input document, or null for none
   * @return the document's value, or empty when it is undefined
   * @throws PolicyException if the reference does not parse or the evaluation fails (a conflict or,
   *     with strict built-in errors, a built-in error)
   */
  public Optional<Value> evaluate(String ref, Value input) throws PolicyException {
    return prepare(ref).evaluateFirst(EvalOptions.of(input));
  }

  /** The base data document. */
  public ObjectValue data() {
    return compiled.data();
  }

  /**
   * The full paths of every rule, e.g. {@code data.pkg.test_allow}, sorted, each once (a rule
   * defined by several bodies is listed once). Used by the test runner to find {@code test_} rules.
   */
  public List<String> rulePaths() {
    return compiled.rulePaths();
  }

  /** Builds a {@link RegoPolicy}. */
  public static final class Builder {
    private final List<String[]> sources = new ArrayList<>();
    private Value data = ObjectValue.EMPTY;
    private RegoVersion version = RegoVersion.V1;

    private Builder() {}

    /** Adds a module from source; it is parsed by {@link #build()} with the builder's version. */
    public Builder module(String file, String source) {
      sources.add(new String[] {file, source});
      return this;
    }

    /** The base data document (an object); default empty. */
    public Builder data(Value newData) {
      this.data = newData;
      return this;
    }

    /** The syntax for modules given as source; default {@link RegoVersion#V1}. */
    public Builder version(RegoVersion newVersion) {
      this.version = newVersion;
      return this;
    }

    /**
     * Parses and compiles everything.
     *
     * @throws PolicyException with every parse and compile error, each with its location
     */
    public RegoPolicy build() throws PolicyException {
      if (!(data instanceof ObjectValue dataObject)) {
        throw new PolicyException(
            "data: " + data.typeName() + " (expected: an object at the root)", null);
      }
      List<Module> all = new ArrayList<>();
      List<RegoError> errors = new ArrayList<>();
      for (String[] source : sources) {
        try {
          all.add(RegoParser.parseModule(source[0], source[1], version));
        } catch (PolicyException e) {
          errors.addAll(e.errors());
        }
      }
      if (!errors.isEmpty()) {
        throw new PolicyException(errors);
      }
      return new RegoPolicy(Compiler.compile(all, dataObject));
    }
  }
}
