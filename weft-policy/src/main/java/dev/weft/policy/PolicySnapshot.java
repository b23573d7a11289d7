package dev.weft.policy;

import dev.weft.policy.rego.RegoPolicy;
import java.util.Objects;

/**
 * One compiled revision of the loaded policies and data: what an embedded authorizer evaluates
 * against until the next good reload replaces it.
 *
 * @param policy the compiled policy
 * @param revision the revision (a content hash of every module and data file, or the bundle's
 *     manifest revision), written into each decision-log line
 */
public record PolicySnapshot(RegoPolicy policy, String revision) {

  /** Validates the snapshot. */
  public PolicySnapshot {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(revision, "revision");
  }
}
