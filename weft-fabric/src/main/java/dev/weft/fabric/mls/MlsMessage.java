package dev.weft.fabric.mls;

import dev.weft.identity.spiffeid.SpiffeId;
import java.util.Objects;

/**
 * An application message read from an MLS PrivateMessage.
 *
 * @param plaintext the application data
 * @param sender the SPIFFE ID of the member whose leaf signed the message
 * @param epoch the epoch the message was protected in
 */
public record MlsMessage(byte[] plaintext, SpiffeId sender, long epoch) {
  public MlsMessage {
    Objects.requireNonNull(plaintext, "plaintext");
    Objects.requireNonNull(sender, "sender");
  }
}
