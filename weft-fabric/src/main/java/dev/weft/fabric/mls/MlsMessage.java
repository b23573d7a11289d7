package dev.weft.fabric.mls;

import dev.weft.identity.spiffeid.SpiffeId;
import java.util.Objects;

/**
 * An application message read from an MLS PrivateMessage.
 *
 * @param plaintext the application data
 * @param sender the SPIFFE ID of the member whose leaf signed the message
 * @param epoch the epoch the message was protected in
 * @param authenticatedData what the sender passed to {@link MlsGroup#protect(byte[], byte[])}:
 *     clear text, but signed and bound to the ciphertext (empty if none)
 */
public record MlsMessage(byte[] plaintext, SpiffeId sender, long epoch, byte[] authenticatedData) {
  public MlsMessage {
    Objects.requireNonNull(plaintext, "plaintext");
    Objects.requireNonNull(sender, "sender");
    authenticatedData = authenticatedData == null ? new byte[0] : authenticatedData;
  }
}
