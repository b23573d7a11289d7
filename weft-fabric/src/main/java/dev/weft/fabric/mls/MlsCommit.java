package dev.weft.fabric.mls;

import java.util.Objects;
import java.util.Optional;

/**
 * What a commit produces: the commit every other member processes with {@link
 * MlsGroup#processCommit(byte[])}, and for an add the welcome the new member joins with.
 *
 * @param commit the encoded MLS commit (a PrivateMessage: nodes cannot read it); empty when no
 *     other member is left to process it (see {@link MlsGroup#remove})
 * @param welcome the encoded MLS Welcome for the added member, or {@code null}
 * @param epoch the epoch the commit starts
 */
public record MlsCommit(byte[] commit, byte[] welcome, long epoch) {
  public MlsCommit {
    Objects.requireNonNull(commit, "commit");
  }

  /** The welcome, present when the commit added a member. */
  public Optional<byte[]> welcomeIfAny() {
    return Optional.ofNullable(welcome);
  }
}
