package dev.weft.trust.workload;

import dev.weft.trust.registration.Selector;
import dev.weft.trust.uds.PeerCredentials;
import java.util.SortedSet;

/**
 * An attested Workload API caller.
 *
 * @param credentials what the kernel reported for its connection
 * @param selectors what attestation found; attested once per call
 */
record Caller(PeerCredentials credentials, SortedSet<Selector> selectors) {
  /** For logs: pid and uid, nothing secret. */
  String describe() {
    return "pid " + credentials.pid() + " uid " + Integer.toUnsignedString(credentials.uid());
  }
}
