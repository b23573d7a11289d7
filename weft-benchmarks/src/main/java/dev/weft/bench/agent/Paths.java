package dev.weft.bench.agent;

/** The paths the agent benchmark measures, in the order it measures them. */
enum Paths {
  /** MeshClient asking seed 000's policy, then AgentServer asking it again: what is measured. */
  AGENT_REGO("agent call, outbound Rego"),
  /** The same call with an allow-all outbound authorizer (the server still asks its policy). */
  AGENT_ALLOW_ALL("agent call, outbound allow-all"),
  /** A bare TLS 1.3 echo of the same sizes over JSSE sockets: the floor. */
  FLOOR("bare TLS 1.3 echo (floor)");

  private final String label;

  Paths(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }
}
