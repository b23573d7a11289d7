package dev.weft.trust.ca;

import java.time.Instant;
import java.util.List;

/**
 * The rotation schedule of one kind of slot: the active slot signs until five sixths of its
 * validity; its successor is prepared at half; an expired active slot is retired at once. Pure
 * apart from the factory that creates slots.
 */
final class Schedule {
  /** Bounds the steps of one application, however far the clock has moved. */
  private static final int MAX_STEPS = 4;

  /** Creates (generates a key for and records) a new slot. */
  @FunctionalInterface
  interface Factory {
    Slot create(Slot.Kind kind, Slot.State state) throws CaException;
  }

  /** Told of each change of state: the slot before the change, and what happened to it. */
  @FunctionalInterface
  interface Log {
    void transition(Slot slot, String what);
  }

  private Schedule() {}

  /**
   * Moves the slots of {@code kind} in {@code working} to where they should be at {@code now}:
   * retires an expired active slot; activates the prepared slot when there is no active one or the
   * active one is at five sixths of its validity; creates an active slot when there is none to
   * activate; prepares a successor once the active slot is half way through. Retired slots are left
   * for the caller to prune.
   */
  static void apply(Slot.Kind kind, List<Slot> working, Instant now, Factory factory, Log log)
      throws CaException {
    for (int step = 0; step < MAX_STEPS; step++) {
      Slot current = find(working, kind, Slot.State.ACTIVE);
      Slot prepared = find(working, kind, Slot.State.PREPARED);
      if (current != null && !now.isBefore(current.notAfter())) {
        replace(working, current, Slot.State.RETIRED, "retired expired", log);
      } else if (current == null && prepared != null && now.isBefore(prepared.notAfter())) {
        replace(working, prepared, Slot.State.ACTIVE, "activated", log);
      } else if (current == null && prepared != null) {
        replace(working, prepared, Slot.State.RETIRED, "retired expired", log);
      } else if (current == null) {
        working.add(factory.create(kind, Slot.State.ACTIVE));
      } else if (prepared == null && !now.isBefore(current.prepareAt())) {
        working.add(factory.create(kind, Slot.State.PREPARED));
      } else if (prepared != null && !now.isBefore(current.activateNextAt())) {
        replace(working, current, Slot.State.RETIRED, "retired", log);
        replace(working, prepared, Slot.State.ACTIVE, "activated", log);
      } else {
        return;
      }
    }
  }

  /** The slot of {@code kind} in {@code state}, or {@code null}. */
  static Slot find(List<Slot> slots, Slot.Kind kind, Slot.State state) {
    for (Slot slot : slots) {
      if (slot.kind() == kind && slot.state() == state) {
        return slot;
      }
    }
    return null;
  }

  private static void replace(
      List<Slot> working, Slot slot, Slot.State state, String what, Log log) {
    working.set(working.indexOf(slot), slot.withState(state));
    log.transition(slot, what);
  }
}
