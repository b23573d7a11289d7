package dev.weft.agent.a2a;

/** The states of an A2A task, with their wire names. */
public enum TaskState {
  /** Accepted, not started. */
  SUBMITTED("submitted"),
  /** Running. */
  WORKING("working"),
  /** Finished with a result. */
  COMPLETED("completed"),
  /** Cancelled by its caller. */
  CANCELED("canceled"),
  /** Finished with an error. */
  FAILED("failed");

  private final String wireName;

  TaskState(String wireName) {
    this.wireName = wireName;
  }

  /** The name on the wire, e.g. {@code working}. */
  public String wireName() {
    return wireName;
  }

  /** Whether the task can no longer change. */
  public boolean terminal() {
    return this == COMPLETED || this == CANCELED || this == FAILED;
  }
}
