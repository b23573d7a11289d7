package dev.weft.policy.rego.internal;

import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.util.List;

/** How {@code with} replacements of input and data paths change what a reference sees. */
final class Overrides {

  /** The marker for a reference that no replacement touches. */
  static final Value NOT_COVERED = StringValue.of("\u0000not-covered");

  private Overrides() {}

  /**
   * The value of {@code data.path[keys...]} under the replacements: a replacement at or above the
   * reference wins; replacements beneath it are written into the document; {@link #NOT_COVERED}
   * when none applies.
   */
  static Value resolve(
      Documents docs, List<Env.DataOverride> overrides, String[] path, Value[] keys) {
    Value[] full = new Value[path.length + keys.length];
    for (int i = 0; i < path.length; i++) {
      full[i] = StringValue.of(path[i]);
    }
    System.arraycopy(keys, 0, full, path.length, keys.length);
    boolean below = false;
    for (int o = overrides.size() - 1; o >= 0; o--) {
      String[] op = overrides.get(o).path();
      int common = 0;
      while (common < op.length
          && common < full.length
          && full[common].equals(StringValue.of(op[common]))) {
        common++;
      }
      if (common == op.length) {
        Value v = overrides.get(o).value();
        for (int i = op.length; i < full.length && v != null; i++) {
          v = Evaluation.select(v, full[i]);
        }
        return v;
      }
      below |= common == full.length;
    }
    if (!below) {
      return NOT_COVERED;
    }
    Value doc = docs.walk(path, keys);
    for (Env.DataOverride o : overrides) {
      if (o.path().length > full.length && prefixOf(full, o.path())) {
        doc = upsert(doc, o.path(), full.length, o.value());
      }
    }
    return doc;
  }

  private static boolean prefixOf(Value[] full, String[] path) {
    for (int i = 0; i < full.length; i++) {
      if (!full[i].equals(StringValue.of(path[i]))) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code doc} with {@code value} written at {@code path[from...]}, creating objects on the way.
   */
  static Value upsert(Value doc, String[] path, int from, Value value) {
    if (from == path.length) {
      return value;
    }
    ObjectValue.Builder b = ObjectValue.builder();
    Value existing = null;
    StringValue key = StringValue.of(path[from]);
    if (doc instanceof ObjectValue o) {
      o.entrySet().forEach(e -> b.put(e.getKey(), e.getValue()));
      existing = o.get(key);
    }
    b.put(key, upsert(existing, path, from + 1, value));
    return b.build();
  }
}
