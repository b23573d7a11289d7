package dev.weft.policy.rego.internal;

import dev.weft.policy.rego.RegoPolicy;
import dev.weft.policy.rego.internal.ast.Module;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The parsed modules of a {@link RegoPolicy}, for weft-policy's own packages (the test runner finds
 * {@code test_} rules in them, the bundle loader checks their packages). The syntax tree is not
 * API, so {@code RegoPolicy} does not return it; it hands this class a reader of its compiled form
 * when it is initialised.
 */
public final class PolicyModules {

  private static volatile Function<RegoPolicy, CompiledModules> reader;

  private PolicyModules() {}

  /**
   * Called once, by {@code RegoPolicy}'s class initialiser.
   *
   * @throws IllegalStateException when a reader was already given
   */
  public static synchronized void setReader(Function<RegoPolicy, CompiledModules> newReader) {
    if (reader != null) {
      throw new IllegalStateException("PolicyModules: the reader is set once, by RegoPolicy");
    }
    reader = Objects.requireNonNull(newReader, "newReader");
  }

  /** The modules of {@code policy}, as parsed. */
  public static List<Module> of(RegoPolicy policy) {
    // A RegoPolicy instance exists only after its class initialiser set the reader.
    return reader.apply(Objects.requireNonNull(policy, "policy")).modules();
  }
}
