package dev.weft.identity.workloadapi;

import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.svid.X509Svid;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Chooses the SVID a {@link SvidSource} presents when the agent issues several to the workload.
 * When it chooses none, the source keeps its previous snapshot and logs why: it never switches to
 * an identity it was not told to use.
 */
@FunctionalInterface
public interface SvidSelector {
  /** The SVID to present, from the agent's list (never empty, in the agent's order). */
  Optional<X509Svid> select(List<X509Svid> svids);

  /** The first SVID, the standard's default. */
  static SvidSelector first() {
    return svids -> svids.stream().findFirst();
  }

  /** The SVID whose SPIFFE ID is {@code id}. */
  static SvidSelector byId(SpiffeId id) {
    Objects.requireNonNull(id, "id");
    return svids -> svids.stream().filter(s -> s.id().equals(id)).findFirst();
  }

  /** The first SVID whose operator hint is {@code hint}. */
  static SvidSelector byHint(String hint) {
    Objects.requireNonNull(hint, "hint");
    if (hint.isEmpty()) {
      throw new IllegalArgumentException("hint: \"\" (expected: a non-empty hint)");
    }
    return svids -> svids.stream().filter(s -> s.hint().equals(hint)).findFirst();
  }
}
