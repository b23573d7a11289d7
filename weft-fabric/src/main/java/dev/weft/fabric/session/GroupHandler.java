package dev.weft.fabric.session;

import dev.weft.fabric.Name;
import dev.weft.identity.spiffeid.SpiffeId;
import java.util.List;

/**
 * Receives one {@link GroupSession}'s events, on its endpoint's delivery thread, one at a time and
 * in the order the moderator relayed them (see {@link SessionHandler} for what that thread allows).
 */
public interface GroupHandler {

  /**
   * Whether {@code member} may be in {@code channel}: asked for every member of the group, on top
   * of the endpoint's MLS admission (a credential of a federated trust domain, not expired, allowed
   * by the endpoint's predicate). Must not block. Default: yes.
   */
  default boolean admit(Name channel, SpiffeId member) {
    return true;
  }

  /** This side joined (a member) or created (the moderator) the group. */
  default void onJoined(GroupSession group) {}

  /**
   * A member's message, exactly once; {@code sender} is the member whose MLS signature it carries,
   * {@code epoch} the epoch it was protected in. A member does not receive its own messages.
   */
  void onMessage(GroupSession group, SpiffeId sender, long epoch, byte[] payload);

  /** The membership changed (a member joined or left) and the group moved to {@code epoch}. */
  default void onMembers(GroupSession group, long epoch, List<SpiffeId> members) {}

  /**
   * The group ended for this side: closed here, closed by the moderator, this member was removed
   * ({@link CloseReason#PEER}), or the session with the moderator ended otherwise.
   */
  default void onClose(GroupSession group, CloseReason reason) {}
}
