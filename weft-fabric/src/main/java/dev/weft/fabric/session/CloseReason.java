package dev.weft.fabric.session;

/** Why a session ended. */
public enum CloseReason {
  /**
   * This side closed it and the peer confirmed (CLOSE, CLOSE_ACK), or did not within the timeout.
   */
  LOCAL,
  /** The peer closed it cleanly (CLOSE). */
  PEER,
  /** Nothing was heard from the peer for the idle timeout. */
  IDLE,
  /** The peer reset it (its idle timeout, it no longer knew the session, or it was shut down). */
  RESET,
  /** The peer stopped acknowledging: a frame's retransmissions ran out. */
  UNREACHABLE,
  /**
   * The MLS handshake failed: a credential was not admitted (its trust domain is not federated, its
   * SVID expired, or the session's policy refuses its SPIFFE ID), or the peer broke the protocol.
   */
  REFUSED,
  /** The endpoint was closed. */
  ENDPOINT_CLOSED
}
