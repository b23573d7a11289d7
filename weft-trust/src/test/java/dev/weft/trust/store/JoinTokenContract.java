package dev.weft.trust.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.identity.spiffeid.SpiffeId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Join tokens: single use under concurrency, expiry, hashes kept out of messages. */
abstract class JoinTokenContract extends StoreContract {
  static final String HASH = "3f1b2c9d0e8a7f6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b";
  static final SpiffeId AGENT = SpiffeId.parse("spiffe://example.org/spire/agent/join_token/n1");
  static final Instant EXPIRY = Instant.parse("2026-11-02T11:00:00.250Z");

  @Test
  void tokenIsConsumedOnce() throws Exception {
    store.createJoinToken(new JoinTokenRecord(HASH, AGENT, EXPIRY));

    JoinTokenRecord used = store.consumeJoinToken(HASH, EXPIRY.minusMillis(1));
    StoreException again = failure(() -> store.consumeJoinToken(HASH, EXPIRY.minusMillis(1)));

    assertThat(used).isEqualTo(new JoinTokenRecord(HASH, AGENT, EXPIRY));
    assertThat(again.kind()).isEqualTo(StoreException.Kind.NOT_FOUND);
    assertThat(again).hasMessage("join token: unknown or already used");
  }

  @Test
  void unknownTokenIsNotFound() {
    StoreException e = failure(() -> store.consumeJoinToken(HASH, EXPIRY));

    assertThat(e.kind()).isEqualTo(StoreException.Kind.NOT_FOUND);
    assertThat(e).hasMessage("join token: unknown or already used");
  }

  @Test
  void expiredTokenIsRejectedAndStaysExpired() throws Exception {
    store.createJoinToken(new JoinTokenRecord(HASH, AGENT, EXPIRY));

    StoreException atExpiry = failure(() -> store.consumeJoinToken(HASH, EXPIRY));
    StoreException later =
        failure(() -> store.consumeJoinToken(HASH, EXPIRY.plus(Duration.ofDays(1))));

    assertThat(atExpiry.kind()).isEqualTo(StoreException.Kind.EXPIRED);
    assertThat(atExpiry).hasMessage("join token: expired at 2026-11-02T11:00:00.250Z");
    assertThat(later).hasMessage("join token: expired at 2026-11-02T11:00:00.250Z");
    assertThat(store.pruneJoinTokens(EXPIRY)).isEqualTo(1);
    assertThat(failure(() -> store.consumeJoinToken(HASH, EXPIRY.minusSeconds(1))).kind())
        .isEqualTo(StoreException.Kind.NOT_FOUND);
  }

  @Test
  void duplicateTokenIsRejectedWithoutNamingTheHash() throws Exception {
    store.createJoinToken(new JoinTokenRecord(HASH, AGENT, EXPIRY));

    StoreException e =
        failure(
            () ->
                store.createJoinToken(
                    new JoinTokenRecord(
                        HASH,
                        SpiffeId.parse("spiffe://example.org/other"),
                        EXPIRY.plusSeconds(60))));

    assertThat(e.kind()).isEqualTo(StoreException.Kind.ALREADY_EXISTS);
    assertThat(e).hasMessage("join token: already exists");
    assertThat(store.consumeJoinToken(HASH, EXPIRY.minusSeconds(1)).agentId()).isEqualTo(AGENT);
  }

  @Test
  void emptyHashIsInvalid() {
    StoreException e = failure(() -> store.createJoinToken(new JoinTokenRecord("", AGENT, EXPIRY)));

    assertThat(e.kind()).isEqualTo(StoreException.Kind.INVALID);
    assertThat(e).hasMessage("join token hash: empty (expected: a hash of the token)");
  }

  @Test
  void pruneDeletesOnlyExpiredTokens() throws Exception {
    store.createJoinToken(new JoinTokenRecord("a", AGENT, EXPIRY));
    store.createJoinToken(new JoinTokenRecord("b", AGENT, EXPIRY.plusMillis(1)));

    assertThat(store.pruneJoinTokens(EXPIRY)).isEqualTo(1);
    assertThat(store.consumeJoinToken("b", EXPIRY).tokenHash()).isEqualTo("b");
  }

  @Test
  void tokensSurviveARestart() throws Exception {
    store.createJoinToken(new JoinTokenRecord(HASH, AGENT, EXPIRY));

    assertThat(reopen().consumeJoinToken(HASH, EXPIRY.minusSeconds(1)))
        .isEqualTo(new JoinTokenRecord(HASH, AGENT, EXPIRY));
  }

  @Test
  void concurrentConsumersExactlyOneWins() throws Exception {
    int tokens = 20;
    int callers = 8;
    for (int t = 0; t < tokens; t++) {
      store.createJoinToken(new JoinTokenRecord("token-" + t, AGENT, EXPIRY));
    }
    try (ExecutorService pool = Executors.newFixedThreadPool(callers)) {
      for (int t = 0; t < tokens; t++) {
        String hash = "token-" + t;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
          results.add(
              pool.submit(
                  () -> {
                    start.await();
                    try {
                      return store
                          .consumeJoinToken(hash, EXPIRY.minusSeconds(1))
                          .tokenHash()
                          .equals(hash);
                    } catch (StoreException e) {
                      assertThat(e).hasMessage("join token: unknown or already used");
                      return false;
                    }
                  }));
        }
        start.countDown();
        int won = 0;
        for (Future<Boolean> r : results) {
          won += r.get() ? 1 : 0;
        }
        assertThat(won).as("winners for " + hash).isEqualTo(1);
      }
    }
  }

  @Test
  void recordToStringLeavesOutTheHash() {
    assertThat(new JoinTokenRecord(HASH, AGENT, EXPIRY).toString())
        .isEqualTo(
            "JoinTokenRecord[agentId=spiffe://example.org/spire/agent/join_token/n1,"
                + " expiresAt=2026-11-02T11:00:00.250Z]");
  }
}
