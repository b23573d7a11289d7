package dev.weft.fabric.session;

/**
 * Counters of one {@link SessionEndpoint}, since it started.
 *
 * @param opened sessions opened or accepted
 * @param malformed frames dropped because their session header did not decode
 * @param duplicates frames received again and suppressed (acknowledged again, not delivered twice)
 * @param retransmitted frames sent again after their acknowledgement timed out
 * @param overflow frames dropped because the reorder buffer or the delivery queue was full
 * @param stray frames for no known session or from a source that is not the session's peer
 * @param lateReplies replies that came after their request's deadline
 * @param mlsRefused MLS sessions refused (a peer's credential not admitted, a failed handshake, MLS
 *     wanted by one side only) and MLS messages refused (not decryptable, replayed, from another
 *     sender, or whose authenticated header does not match the frame's)
 * @param rekeyed MLS sessions moved to a new group because an SVID rotated
 * @param limited OPENs refused because the endpoint had its most accepted sessions
 */
public record SessionStats(
    long opened,
    long malformed,
    long duplicates,
    long retransmitted,
    long overflow,
    long stray,
    long lateReplies,
    long mlsRefused,
    long rekeyed,
    long limited) {}
