package dev.weft.agent.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.weft.agent.AgentException;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.tls.PeerAuthorizer;
import dev.weft.identity.tls.SpiffeTls;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One target: a SPIFFE ID at an address, with its pooled HTTP client (HTTP/2 preferred, which
 * accepts only a server presenting exactly that ID), circuit breaker, retry budget, latency average
 * and cached agent card. Thread-safe.
 */
final class Target implements AutoCloseable {

  private static final double EWMA_WEIGHT = 0.3;

  record Key(SpiffeId id, URI address) {}

  private record Card(JsonNode json, Instant fetchedAt) {}

  final Key key;
  final String name;
  final CircuitBreaker breaker;
  final RetryBudget budget;
  private final ClientConfig config;
  private final Http1Pool http;

  /** Taken to fetch the card, so that one caller fetches it while the others wait. */
  private final ReentrantLock cardLock = new ReentrantLock();

  /** Read without the lock; replaced whole, only while {@code cardLock} is held. */
  private volatile Card card;

  private final ReentrantLock latencyLock = new ReentrantLock();

  @GuardedBy("latencyLock")
  private double ewmaNanos = -1;

  Target(Key key, ClientConfig config) {
    this.key = key;
    this.name = key.id().toString();
    this.config = config;
    this.breaker = new CircuitBreaker(name, config.breaker(), config.clock(), config.observer());
    this.budget = new RetryBudget(config.retry());
    this.http =
        new Http1Pool(
            key.address(),
            SpiffeTls.clientContext(
                config.identity(), PeerAuthorizer.exactly(key.id()), config.clock()),
            SpiffeTls.clientParameters());
  }

  /**
   * One attempt: a {@code message/send} POST that must answer within {@code timeout}; {@code
   * resendable} says whether it may be sent again after a pooled connection closed unanswered.
   */
  JsonNode send(
      byte[] body,
      Duration timeout,
      String traceparent,
      java.util.function.BooleanSupplier resendable)
      throws AgentException, InterruptedException {
    String[] headers = {
      "Content-Type: application/json",
      "Accept: application/json",
      "traceparent: " + traceparent,
      "x-weft-deadline-ms: " + Math.max(1, timeout.toMillis())
    };
    Http1Pool.Response response;
    try {
      response = http.exchange("POST", path(), headers, body, timeout, resendable);
    } catch (IOException e) {
      throw Wire.ioFailure(name, key.address().toString(), e);
    }
    return Wire.result(name, response.status(), response.body());
  }

  /**
   * Whether the agent card marks {@code capability} idempotent. The card is fetched when absent or
   * older than the TTL; a failed fetch means no (and is tried again next time).
   */
  boolean idempotent(String capability, Duration timeout) throws InterruptedException {
    JsonNode json = card(timeout);
    if (json == null) {
      return false;
    }
    for (JsonNode skill : json.path("skills")) {
      if (skill.path("id").asText().equals(capability)) {
        return skill.path("metadata").path("weft.idempotent").asBoolean(false);
      }
    }
    return false;
  }

  private JsonNode card(Duration timeout) throws InterruptedException {
    Instant now = config.clock().instant();
    Card current = card;
    if (current != null && now.isBefore(current.fetchedAt().plus(config.agentCardTtl()))) {
      return current.json();
    }
    cardLock.lockInterruptibly();
    try {
      current = card;
      if (current != null && now.isBefore(current.fetchedAt().plus(config.agentCardTtl()))) {
        return current.json();
      }
      Http1Pool.Response response =
          http.exchange(
              "GET",
              "/.well-known/agent-card.json",
              new String[] {"Accept: application/json"},
              new byte[0],
              timeout,
              () -> true);
      if (response.status() != 200) {
        return null;
      }
      JsonNode json = Wire.JSON.readTree(response.body());
      if (json == null || !json.isObject()) {
        return null;
      }
      card = new Card(json, now);
      return json;
    } catch (IOException e) {
      return null;
    } finally {
      cardLock.unlock();
    }
  }

  private String path() {
    String p = key.address().getRawPath();
    return p == null || p.isEmpty() ? "/" : p;
  }

  /** Records the latency of an answer; returns nothing. */
  void recordLatency(Duration latency) {
    latencyLock.lock();
    try {
      double sample = latency.toNanos();
      ewmaNanos = ewmaNanos < 0 ? sample : EWMA_WEIGHT * sample + (1 - EWMA_WEIGHT) * ewmaNanos;
    } finally {
      latencyLock.unlock();
    }
    config.observer().targetLatency(name, latency);
  }

  /** The moving average of answer latencies in nanoseconds; 0 before the first answer. */
  double latencyNanos() {
    latencyLock.lock();
    try {
      return Math.max(0, ewmaNanos);
    } finally {
      latencyLock.unlock();
    }
  }

  @Override
  public void close() {
    http.close();
  }
}
