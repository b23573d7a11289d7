package dev.weft.identity.workloadapi;

/**
 * Receives the updates of one Workload API watch.
 *
 * <p>Threading: the callbacks of one watch run one at a time, in the order the agent sent the
 * updates, on a virtual thread of the client. They should return promptly: the next update of the
 * same watch waits for them.
 *
 * @param <T> the update type
 */
public interface Watcher<T> {
  /** The agent sent a new state; it replaces the previous one entirely. */
  void onUpdate(T update);

  /**
   * The watch ended and no further callback follows: the agent reported an error or closed the
   * stream, the connection was lost, or the agent sent an update that cannot be used (the watch is
   * then cancelled; failing closed beats running on a state we cannot read). Not called when the
   * watch is closed by its owner. Watch again to resume.
   */
  void onError(WorkloadApiException error);
}
