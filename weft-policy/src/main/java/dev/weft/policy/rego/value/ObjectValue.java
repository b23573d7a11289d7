package dev.weft.policy.rego.value;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Rego object: an immutable map from values to values. Keys may be any value, not only strings.
 * Iteration follows insertion order; {@link #sortedKeys()} gives OPA's order.
 */
public final class ObjectValue implements Value {

  /** The empty object. */
  public static final ObjectValue EMPTY = new ObjectValue(Map.of());

  private final Map<Value, Value> entries;
  private int hash;

  private ObjectValue(Map<Value, Value> entries) {
    this.entries = entries;
  }

  /** An object with the given entries (copied). */
  public static ObjectValue of(Map<? extends Value, ? extends Value> entries) {
    return entries.isEmpty() ? EMPTY : new ObjectValue(new LinkedHashMap<>(entries));
  }

  /** A builder for a new object. */
  public static Builder builder() {
    return new Builder();
  }

  /** The value at {@code key}, or null if there is none. */
  public Value get(Value key) {
    return entries.get(key);
  }

  /** The value at the string key {@code key}, or null if there is none. */
  public Value get(String key) {
    return entries.get(StringValue.of(key));
  }

  /** The number of entries. */
  public int size() {
    return entries.size();
  }

  /** The keys, in insertion order. */
  public Set<Value> keySet() {
    return Collections.unmodifiableSet(entries.keySet());
  }

  /** The entries, in insertion order. */
  public Set<Map.Entry<Value, Value>> entrySet() {
    return Collections.unmodifiableMap(entries).entrySet();
  }

  /** The entries as an unmodifiable map. */
  public Map<Value, Value> asMap() {
    return Collections.unmodifiableMap(entries);
  }

  /** The keys in OPA's sort order. */
  public List<Value> sortedKeys() {
    List<Value> keys = new ArrayList<>(entries.keySet());
    Collections.sort(keys);
    return keys;
  }

  @Override
  public String typeName() {
    return "object";
  }

  @Override
  public int typeRank() {
    return 5;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ObjectValue other && entries.equals(other.entries);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = entries.hashCode() | 1;
      hash = h;
    }
    return h;
  }

  @Override
  public String toString() {
    return ValueFormat.rego(this);
  }

  /** Builds an object; a later {@link #put} of the same key replaces the earlier value. */
  public static final class Builder {
    private LinkedHashMap<Value, Value> entries = new LinkedHashMap<>();

    private Builder() {}

    /** Adds or replaces an entry. */
    public Builder put(Value key, Value value) {
      entries.put(key, value);
      return this;
    }

    /** Adds or replaces an entry with a string key. */
    public Builder put(String key, Value value) {
      return put(StringValue.of(key), value);
    }

    /** The value already put at {@code key}, or null. */
    public Value get(Value key) {
      return entries.get(key);
    }

    /** The object; the builder must not be used afterwards. */
    public ObjectValue build() {
      Map<Value, Value> built = entries;
      entries = null;
      return built.isEmpty() ? EMPTY : new ObjectValue(built);
    }
  }
}
