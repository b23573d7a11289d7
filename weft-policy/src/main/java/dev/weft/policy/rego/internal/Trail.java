package dev.weft.policy.rego.internal;

import dev.weft.policy.rego.value.Value;
import java.util.Arrays;

/**
 * The bindings made during an evaluation, so that backtracking can undo them: {@link #bind} records
 * a slot, {@link #undo} unbinds every slot recorded after a mark.
 */
final class Trail {

  private Value[][] frames = new Value[32][];
  private int[] slots = new int[32];
  private int size;

  int mark() {
    return size;
  }

  void bind(Value[] frame, int slot, Value value) {
    if (size == slots.length) {
      frames = Arrays.copyOf(frames, size * 2);
      slots = Arrays.copyOf(slots, size * 2);
    }
    frame[slot] = value;
    frames[size] = frame;
    slots[size] = slot;
    size++;
  }

  void undo(int mark) {
    while (size > mark) {
      size--;
      frames[size][slots[size]] = null;
      frames[size] = null;
    }
  }
}
