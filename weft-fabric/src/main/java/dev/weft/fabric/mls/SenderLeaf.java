package dev.weft.fabric.mls;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.mls.KeyGeneration;
import org.bouncycastle.mls.KeyScheduleEpoch;
import org.bouncycastle.mls.codec.MLSInputStream;
import org.bouncycastle.mls.codec.MLSOutputStream;
import org.bouncycastle.mls.codec.PrivateMessage;
import org.bouncycastle.mls.crypto.MlsCipherSuite;
import org.bouncycastle.mls.protocol.Group;

/**
 * The leaf index of a PrivateMessage's sender. bcmls's {@code Group.unprotect} checks the sender's
 * signature but returns only the data, so this opens the message's SenderData (RFC 9420 section
 * 6.3.2) with bcmls's own key derivation and AEAD. Opening sender data consumes no ratchet key; the
 * caller then lets {@code Group.unprotect} decrypt and verify the content, which it does with the
 * key and signature key of this same leaf.
 */
final class SenderLeaf {
  private SenderLeaf() {}

  static int of(Group group, PrivateMessage message)
      throws IOException, InvalidCipherTextException {
    // struct PrivateMessage: group_id<V>, uint64 epoch, uint8 content_type,
    // authenticated_data<V>, encrypted_sender_data<V>, ciphertext<V>
    MLSInputStream in = new MLSInputStream(MLSOutputStream.encode(message));
    byte[] groupId = in.readOpaque();
    long epoch = (Long) in.read(long.class);
    byte contentType = (Byte) in.read(byte.class);
    in.readOpaque();
    byte[] encryptedSenderData = in.readOpaque();
    byte[] ciphertext = in.readOpaque();
    MlsCipherSuite suite = group.getSuite();
    // senderDataKeys overwrites its arguments: pass copies, as bcmls itself does.
    KeyGeneration keys =
        KeyScheduleEpoch.senderDataKeys(
            suite, group.getKeySchedule().senderDataSecret.value().clone(), ciphertext.clone());
    // struct SenderDataAAD: group_id<V>, uint64 epoch, uint8 content_type
    MLSOutputStream aad = new MLSOutputStream();
    aad.writeOpaque(groupId);
    aad.write(epoch);
    aad.write(contentType);
    byte[] senderData =
        suite.getAEAD().open(keys.key, keys.nonce, aad.toByteArray(), encryptedSenderData);
    // struct SenderData: uint32 leaf_index, uint32 generation, opaque reuse_guard[4]
    return ByteBuffer.wrap(senderData).getInt(0);
  }
}
