package dev.weft.trust.node;

import dev.weft.identity.svid.JwtSvid;
import dev.weft.identity.svid.JwtSvidVerifier;
import dev.weft.identity.svid.SvidException;
import dev.weft.proto.trust.v1.MintJwtSvidRequest;
import dev.weft.proto.trust.v1.MintJwtSvidResponse;
import dev.weft.proto.trust.v1.NodeGrpc;
import dev.weft.trust.workload.WorkloadIdentities;
import io.grpc.StatusRuntimeException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JWT-SVIDs minted by the trust server for a workload entry and an audience, reused until half
 * their lifetime has passed, and until they expire while the server cannot mint new ones.
 * Thread-safe.
 */
final class JwtCache {
  private static final Logger log = LoggerFactory.getLogger(JwtCache.class);

  private record Key(String entryId, List<String> audience) {}

  private record Cached(JwtSvid svid, Instant issuedAt) {}

  private final NodeGrpc.NodeBlockingStub node;
  private final Clock clock;
  private final Map<Key, Cached> cache = new ConcurrentHashMap<>();

  JwtCache(NodeGrpc.NodeBlockingStub node, Clock clock) {
    this.node = node;
    this.clock = clock;
  }

  JwtSvid get(WorkloadIdentities.Identity identity, Set<String> audience) throws SvidException {
    Key key = new Key(identity.entryId(), List.copyOf(new TreeSet<>(audience)));
    Instant now = clock.instant();
    Cached cached = cache.get(key);
    if (cached != null && now.isBefore(halfLife(cached))) {
      return cached.svid();
    }
    MintJwtSvidResponse response;
    try {
      response =
          node.withDeadlineAfter(10, TimeUnit.SECONDS)
              .mintJwtSvid(
                  MintJwtSvidRequest.newBuilder()
                      .setEntryId(identity.entryId())
                      .addAllAudience(key.audience())
                      .build());
    } catch (StatusRuntimeException e) {
      if (cached != null && now.isBefore(cached.svid().expiresAt())) {
        // The server is away: the token held is still valid, and workloads keep working on it.
        log.warn(
            "JWT-SVID for {}: renewal failed: {}; serving the one held until {}",
            identity.svid().id(),
            Attestation.describe(e),
            cached.svid().expiresAt());
        return cached.svid();
      }
      throw new SvidException(
          "JWT-SVID for "
              + identity.svid().id()
              + ": trust server: "
              + e.getStatus().getCode()
              + (e.getStatus().getDescription() == null
                  ? ""
                  : " " + e.getStatus().getDescription()),
          e);
    }
    JwtSvid svid = JwtSvidVerifier.parseInsecure(response.getToken(), identity.hint());
    cache.put(key, new Cached(svid, now));
    return svid;
  }

  /** Forgets expired tokens. */
  void prune() {
    Instant now = clock.instant();
    cache.values().removeIf(c -> !now.isBefore(c.svid().expiresAt()));
  }

  private static Instant halfLife(Cached c) {
    Duration life = Duration.between(c.issuedAt(), c.svid().expiresAt());
    return c.issuedAt().plus(life.dividedBy(2));
  }
}
