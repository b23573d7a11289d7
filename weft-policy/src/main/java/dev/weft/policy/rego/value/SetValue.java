package dev.weft.policy.rego.value;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A Rego set: an immutable collection of distinct values. */
public final class SetValue implements Value {

  /** The empty set. */
  public static final SetValue EMPTY = new SetValue(Set.of());

  private final Set<Value> elements;
  private int hash;

  private SetValue(Set<Value> elements) {
    this.elements = elements;
  }

  /** A set of the given elements. */
  public static SetValue of(Value... elements) {
    return of(List.of(elements));
  }

  /** A set of the given elements. */
  public static SetValue of(Collection<? extends Value> elements) {
    return elements.isEmpty() ? EMPTY : new SetValue(new LinkedHashSet<>(elements));
  }

  /** A set that takes ownership of {@code elements}; the caller must not change it after. */
  public static SetValue wrap(LinkedHashSet<Value> elements) {
    return elements.isEmpty() ? EMPTY : new SetValue(elements);
  }

  /** Whether the set contains {@code v}. */
  public boolean contains(Value v) {
    return elements.contains(v);
  }

  /** The number of elements. */
  public int size() {
    return elements.size();
  }

  /** The elements, in insertion order. */
  public Set<Value> elements() {
    return Collections.unmodifiableSet(elements);
  }

  /** The elements in OPA's sort order. */
  public List<Value> sorted() {
    List<Value> sorted = new ArrayList<>(elements);
    Collections.sort(sorted);
    return sorted;
  }

  @Override
  public String typeName() {
    return "set";
  }

  @Override
  public int typeRank() {
    return 6;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SetValue s && elements.equals(s.elements);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = elements.hashCode() | 1;
      hash = h;
    }
    return h;
  }

  @Override
  public String toString() {
    return ValueFormat.rego(this);
  }
}
