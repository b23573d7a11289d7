package dev.weft.policy.rego;

/** The Rego syntax a module is written in. */
public enum RegoVersion {
  /**
   * Rego v1 (OPA 1.x): {@code if} and {@code contains} are required, {@code in}, {@code every},
   * {@code some ... in} are keywords.
   */
  V1,
  /**
   * Pre-1.0 syntax (OPA's {@code --v0-compatible}): rules without {@code if}; future keywords only
   * after {@code import future.keywords...} or {@code import rego.v1}.
   */
  V0
}
