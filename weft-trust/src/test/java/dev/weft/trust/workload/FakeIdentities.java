package dev.weft.trust.workload;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.identity.svid.JwtSvid;
import dev.weft.identity.svid.JwtSvidVerifier;
import dev.weft.identity.svid.SvidException;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * A node agent's identities held in memory: the test swaps snapshots and the listeners hear of it;
 * JWT-SVIDs are signed with a test key whose public half the test puts in the bundle.
 */
final class FakeIdentities implements WorkloadIdentities {
  private final TrustDomain trustDomain;
  private final KeyPair jwtKey;
  private final String kid;
  private final Clock clock;
  private final Set<Runnable> listeners = new CopyOnWriteArraySet<>();
  private volatile Snapshot snapshot;
  private volatile SvidException jwtFailure;
  private final List<Set<String>> jwtRequests = new CopyOnWriteArrayList<>();

  FakeIdentities(TrustDomain trustDomain, KeyPair jwtKey, String kid, Clock clock, Snapshot first) {
    this.trustDomain = trustDomain;
    this.jwtKey = jwtKey;
    this.kid = kid;
    this.clock = clock;
    this.snapshot = first;
  }

  @Override
  public TrustDomain trustDomain() {
    return trustDomain;
  }

  @Override
  public Snapshot snapshot() {
    return snapshot;
  }

  @Override
  public AutoCloseable subscribe(Runnable listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  @Override
  public JwtSvid jwtSvid(Identity identity, Set<String> audience) throws SvidException {
    jwtRequests.add(Set.copyOf(audience));
    if (jwtFailure != null) {
      throw jwtFailure;
    }
    Instant now = clock.instant();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .subject(identity.svid().id().toString())
            .audience(new ArrayList<>(audience))
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
            .claim("weft", Map.of("tier", "gold", "replicas", 3, "tags", List.of("a", true)))
            .build();
    String token = TestPki.sign(jwtKey, kid, claims);
    return JwtSvidVerifier.parseInsecure(token, identity.hint());
  }

  /** Replaces the snapshot and tells every listener, as the agent does on rotation. */
  void set(Snapshot next) {
    snapshot = next;
    listeners.forEach(Runnable::run);
  }

  void failJwtWith(SvidException failure) {
    jwtFailure = failure;
  }

  int listenerCount() {
    return listeners.size();
  }

  List<Set<String>> jwtRequests() {
    return jwtRequests;
  }
}
