package dev.weft.agent.observability;

import dev.weft.agent.ErrorCode;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter.MeterProvider;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent's Prometheus metrics, in a registry of their own (nothing global). Thread-safe:
 * Micrometer meters are, and the gauges read atomics.
 *
 * <p>No label takes an unbounded set of values, whatever callers send: the server reports only
 * capability names the agent declares (else {@code unknown}, see {@code RpcHandler}), and every
 * label whose value a caller can choose is bounded here as well, by {@link BoundedLabel}: the first
 * {@value #MAX_CAPABILITIES} capability names, {@value #MAX_TRUST_DOMAINS} peer trust domains and
 * {@value #MAX_TARGETS} targets seen keep their own value, later ones are counted as {@code other}.
 * Error codes, outcomes, decisions, phases and reasons come from fixed sets.
 */
final class AgentMetrics implements AutoCloseable {

  /** Buckets of request durations, server and client side. */
  private static final Duration[] REQUEST_BUCKETS =
      millis(5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000);

  /** Buckets of policy decision durations. */
  private static final Duration[] AUTHZ_BUCKETS = {
    Duration.ofNanos(100_000),
    Duration.ofNanos(250_000),
    Duration.ofNanos(500_000),
    Duration.ofMillis(1),
    Duration.ofNanos(2_500_000),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100)
  };

  /** Distinct capability names (server and client side) kept as label values. */
  static final int MAX_CAPABILITIES = 256;

  /** Distinct peer trust domains kept as label values. */
  static final int MAX_TRUST_DOMAINS = 64;

  /** Distinct targets (SPIFFE IDs called) kept as label values. */
  static final int MAX_TARGETS = 128;

  private final PrometheusMeterRegistry registry;
  private final BoundedLabel capabilities = new BoundedLabel(MAX_CAPABILITIES);
  private final BoundedLabel clientCapabilities = new BoundedLabel(MAX_CAPABILITIES);
  private final BoundedLabel trustDomains = new BoundedLabel(MAX_TRUST_DOMAINS);
  private final BoundedLabel targets = new BoundedLabel(MAX_TARGETS);
  private final MeterProvider<Counter> refused;
  private final MeterProvider<Counter> timedOut;
  private final Counter connectionsRejected;
  private final MeterProvider<Counter> requests;
  private final MeterProvider<Counter> errors;
  private final MeterProvider<Timer> serverDuration;
  private final MeterProvider<Timer> clientDuration;
  private final MeterProvider<Counter> decisions;
  private final Timer authorizationDuration;
  private final AtomicInteger activeConnections = new AtomicInteger();
  private final ConcurrentMap<String, AtomicInteger> breakerStates = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, AtomicLong> targetLatencyNanos = new ConcurrentHashMap<>();

  AgentMetrics(Map<String, String> commonLabels, Clock clock) {
    registry =
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, new PrometheusRegistry(), clock);
    commonLabels.forEach((k, v) -> registry.config().commonTags(k, v));
    requests =
        Counter.builder("weft.agent.requests")
            .description("Calls served, by capability, caller trust domain and outcome (ok, error)")
            .withRegistry(registry);
    errors =
        Counter.builder("weft.agent.request.errors")
            .description(
                "Calls served that failed, by capability, caller trust domain and error code")
            .withRegistry(registry);
    serverDuration =
        Timer.builder("weft.agent.request.duration")
            .description("Time to serve a call, by capability and caller trust domain")
            .serviceLevelObjectives(REQUEST_BUCKETS)
            .withRegistry(registry);
    clientDuration =
        Timer.builder("weft.agent.client.request.duration")
            .description("Time for a call out to answer, by target SPIFFE ID and capability")
            .serviceLevelObjectives(REQUEST_BUCKETS)
            .withRegistry(registry);
    decisions =
        Counter.builder("weft.agent.authorization.decisions")
            .description("Policy decisions, by capability and decision (allow, deny)")
            .withRegistry(registry);
    authorizationDuration =
        Timer.builder("weft.agent.authorization.duration")
            .description("Time to make a policy decision")
            .serviceLevelObjectives(AUTHZ_BUCKETS)
            .register(registry);
    refused =
        Counter.builder("weft.agent.requests.refused")
            .description(
                "Requests refused before a capability ran, by reason (body_too_large,"
                    + " headers_too_large, json_limits, concurrency_limit, deadline_exceeded)")
            .withRegistry(registry);
    timedOut =
        Counter.builder("weft.agent.connections.timed.out")
            .description(
                "Connections closed for being too slow, by phase (handshake, request_read)")
            .withRegistry(registry);
    connectionsRejected =
        Counter.builder("weft.agent.connections.rejected")
            .description(
                "Connections closed at once because server.limits.max_connections were open")
            .register(registry);
    Gauge.builder("weft.agent.active.connections", activeConnections, AtomicInteger::get)
        .description("Open connections to this agent's server")
        .strongReference(true)
        .register(registry);
  }

  /** A served call ended, failed with {@code error} (null when it succeeded). */
  void request(String capabilityName, String peerDomain, ErrorCode error, long nanos) {
    String capability = capabilities.of(capabilityName);
    String peerTrustDomain = trustDomains.of(peerDomain);
    requests
        .withTags(
            "capability",
            capability,
            "peer_trust_domain",
            peerTrustDomain,
            "outcome",
            error == null ? "ok" : "error")
        .increment();
    if (error != null) {
      errors
          .withTags(
              "capability", capability, "peer_trust_domain", peerTrustDomain, "code", error.name())
          .increment();
    }
    serverDuration
        .withTags("capability", capability, "peer_trust_domain", peerTrustDomain)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /** A call out ended. */
  void clientRequest(String target, String capability, long nanos) {
    clientDuration
        .withTags("target", targets.of(target), "capability", clientCapabilities.of(capability))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  void authorization(String capability, boolean allowed, Duration latency) {
    decisions
        .withTags("capability", capabilities.of(capability), "decision", allowed ? "allow" : "deny")
        .increment();
    authorizationDuration.record(latency);
  }

  void connections(int delta) {
    activeConnections.addAndGet(delta);
  }

  /** A request was refused before a capability ran, for {@code reason} (a fixed word). */
  void refused(String reason) {
    refused.withTags("reason", reason).increment();
  }

  /** A connection was closed for being too slow in {@code phase} (a fixed word). */
  void timedOut(String phase) {
    timedOut.withTags("phase", phase).increment();
  }

  /** A connection was closed at once: the connection limit was reached. */
  void connectionRejected() {
    connectionsRejected.increment();
  }

  /**
   * Sets the breaker gauge of {@code target}: 0 closed, 1 half open, 2 open. Targets past the first
   * {@value #MAX_TARGETS} share the gauge {@code other}, which shows the last state set.
   */
  void breakerState(String target, int state) {
    breakerStates
        .computeIfAbsent(
            targets.of(target),
            t -> {
              var value = new AtomicInteger();
              Gauge.builder("weft.agent.circuit.breaker.state", value, AtomicInteger::get)
                  .description("Circuit breaker state per target: 0 closed, 1 half_open, 2 open")
                  .tag("target", t)
                  .strongReference(true)
                  .register(registry);
              return value;
            })
        .set(state);
  }

  void targetLatency(String target, Duration latency) {
    targetLatencyNanos
        .computeIfAbsent(
            targets.of(target),
            t -> {
              var value = new AtomicLong();
              Gauge.builder("weft.agent.target.latency", value, v -> v.get() / 1e9)
                  .description("Smoothed (EWMA) call latency per target, as the client measures it")
                  .baseUnit("seconds")
                  .tag("target", t)
                  .strongReference(true)
                  .register(registry);
              return value;
            })
        .set(latency.toNanos());
  }

  /** The Prometheus text exposition (format 0.0.4). */
  String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    registry.close();
  }

  private static Duration[] millis(long... values) {
    var d = new Duration[values.length];
    for (int i = 0; i < values.length; i++) {
      d[i] = Duration.ofMillis(values[i]);
    }
    return d;
  }
}
