package dev.weft.policy.rego.internal.builtins;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The registry of Rego built-ins Weft implements, by OPA name (e.g. {@code "count"}, {@code
 * "io.jwt.decode_verify"}). {@code print} is not here: the evaluator handles it.
 */
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
    List<List<Builtin>> families =
        List.of(
            ComparisonBuiltins.all(),
            ArithmeticBuiltins.all(),
            AggregateBuiltins.all(),
            CollectionBuiltins.all(),
            ObjectBuiltins.all(),
            TypeBuiltins.all(),
            StringBuiltins.all(),
            StringSearchBuiltins.all(),
            RegexBuiltins.all(),
            GlobBuiltins.all(),
            EncodingBuiltins.all(),
            TimeBuiltins.all(),
            NetBuiltins.all(),
            JwtBuiltins.all(),
            JsonPathBuiltins.all(),
            UnitsBuiltins.all(),
            TextCodecs.all(),
            BitsBuiltins.all(),
            DeprecatedBuiltins.all(),
            GraphBuiltins.all(),
            SemverBuiltins.all(),
            UuidBuiltins.all(),
            CidrBuiltins.all(),
            UriBuiltins.all(),
            CryptoBuiltins.all(),
            JsonPatchBuiltins.all(),
            X509Builtins.all(),
            JsonSchemaBuiltins.all(),
            TemplateBuiltins.all(),
            GraphQlBuiltins.all(),
            MiscBuiltins.all(),
            List.of(
                HttpSend.builtin(),
                NetLookup.builtin(),
                new WalkBuiltin(),
                TemplateStringBuiltin.builtin()));
    for (List<Builtin> family : families) {
      for (Builtin b : family) {
        if (all.put(b.name(), b) != null) {
          throw new IllegalStateException("built-in registered twice: " + b.name());
        }
      }
    }
    return all;
  }
}
