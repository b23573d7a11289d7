package dev.weft.policy.rego.builtins;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** The registry of Rego built-ins Weft implements. */
public final class Builtins {

  private static final Map<String, Builtin> ALL = register();

  private Builtins() {}

  /** The built-in called {@code name}, or null if Weft has none by that name. */
  public static Builtin lookup(String name) {
    return ALL.get(name);
  }

  /** Every built-in, sorted by name. */
  public static Collection<Builtin> all() {
    return Collections.unmodifiableCollection(ALL.values());
  }

  private static Map<String, Builtin> register() {
    Map<String, Builtin> all = new TreeMap<>();
    // Families register themselves here.
    return all;
  }
}
