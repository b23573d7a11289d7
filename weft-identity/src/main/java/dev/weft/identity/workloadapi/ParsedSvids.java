package dev.weft.identity.workloadapi;

import com.google.protobuf.ByteString;
import dev.weft.identity.svid.SvidException;
import dev.weft.identity.svid.X509Svid;
import java.util.HashMap;
import java.util.Map;

/**
 * The X.509-SVIDs of a client's previous answer, by their exact bytes. Agents re-send the same SVID
 * on every stream and every fetch until it rotates; parsing it again (and proving its key matches
 * its certificate, a signature and a verification) would cost more than the call itself. Only the
 * SVIDs of the latest answer accepted whole are kept. Thread-safe.
 */
final class ParsedSvids {
  private record Raw(ByteString certificates, ByteString key, String hint) {}

  private volatile Map<Raw, X509Svid> last = Map.of();

  /** Starts reading one answer. */
  Answer answer() {
    return new Answer();
  }

  /** The SVIDs of one answer being read; not thread-safe, used by one reader. */
  final class Answer {
    private final Map<Raw, X509Svid> seen = new HashMap<>();

    private Answer() {}

    /** The SVID of these bytes: the one of the previous answer if identical, else parsed now. */
    X509Svid parse(ByteString certificates, ByteString key, String hint) throws SvidException {
      Raw raw = new Raw(certificates, key, hint);
      X509Svid svid = last.get(raw);
      if (svid == null) {
        svid = X509Svid.parseDer(certificates.toByteArray(), key.toByteArray(), hint);
      }
      seen.put(raw, svid);
      return svid;
    }

    /** Remembers this answer's SVIDs for the next one; call once the answer is accepted whole. */
    void accept() {
      last = Map.copyOf(seen);
    }
  }
}
