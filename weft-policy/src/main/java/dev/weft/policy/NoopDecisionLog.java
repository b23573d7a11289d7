package dev.weft.policy;

/** Records nothing. */
final class NoopDecisionLog implements DecisionLog {

  static final NoopDecisionLog INSTANCE = new NoopDecisionLog();

  private NoopDecisionLog() {}

  @Override
  public void record(Entry entry) {}

  @Override
  public void close() {}
}
