package dev.weft.policy.rego.value;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/** A Rego array: an immutable, ordered list of values. */
public final class ArrayValue implements Value {

  /** The empty array. */
  public static final ArrayValue EMPTY = new ArrayValue(new Value[0]);

  private final Value[] elements;
  private int hash;

  private ArrayValue(Value[] elements) {
    this.elements = elements;
  }

  /** An array of the given elements (copied). */
  public static ArrayValue of(Value... elements) {
    return elements.length == 0 ? EMPTY : new ArrayValue(elements.clone());
  }

  /** An array of the given elements (copied). */
  public static ArrayValue of(Collection<? extends Value> elements) {
    return elements.isEmpty() ? EMPTY : new ArrayValue(elements.toArray(new Value[0]));
  }

  /** An array that takes ownership of {@code elements}; the caller must not change it after. */
  public static ArrayValue wrap(Value[] elements) {
    return elements.length == 0 ? EMPTY : new ArrayValue(elements);
  }

  /** The number of elements. */
  public int size() {
    return elements.length;
  }

  /** The element at {@code index}. */
  public Value get(int index) {
    return elements[index];
  }

  /** The elements as an unmodifiable list. */
  public List<Value> elements() {
    return Arrays.asList(elements.clone());
  }

  /** A copy of the elements. */
  public Value[] toArray() {
    return elements.clone();
  }

  @Override
  public String typeName() {
    return "array";
  }

  @Override
  public int typeRank() {
    return 4;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ArrayValue a && Arrays.equals(elements, a.elements);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = Arrays.hashCode(elements) | 1;
      hash = h;
    }
    return h;
  }

  @Override
  public String toString() {
    return ValueFormat.rego(this);
  }
}
