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
 */
final class AgentMetrics implements AutoCloseable {

  /** Buckets of request durations, server and client side. */
  private static final Duration[] REQUEST_BUCKETS = millis(
      5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000);
  /** Buckets of policy decision durations. */
  private static final Duration[] AUTHZ_BUCKETS = {
      Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofNanos(500_000),
      Duration.ofMillis(1), Duration.ofNanos(2_500_000), Duration.ofMillis(5),
      Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100)};

  private final PrometheusMeterRegistry registry;
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
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, new PrometheusRegistry(),
        clock);
    commonLabels.forEach((k, v) -> registry.config().commonTags(k, v));
    requests = Counter.builder("weft.agent.requests")
        .description("Calls served, by capability, caller trust domain and outcome (ok, error)")
        .withRegistry(registry);
    errors = Counter.builder("weft.agent.request.errors")
        .description("Calls served that failed, by capability, caller trust domain and error code")
        .withRegistry(registry);
    serverDuration = Timer.builder("weft.agent.request.duration")
        .description("Time to serve a call, by capability and caller trust domain")
        .serviceLevelObjectives(REQUEST_BUCKETS)
        .withRegistry(registry);
    clientDuration = Timer.builder("weft.agent.client.request.duration")
        .description("Time for a call out to answer, by target SPIFFE ID and capability")
        .serviceLevelObjectives(REQUEST_BUCKETS)
        .withRegistry(registry);
    decisions = Counter.builder("weft.agent.authorization.decisions")
        .description("Policy decisions, by capability and decision (allow, deny)")
        .withRegistry(registry);
    authorizationDuration = Timer.builder("weft.agent.authorization.duration")
        .description("Time to make a policy decision")
        .serviceLevelObjectives(AUTHZ_BUCKETS)
        .register(registry);
    Gauge.builder("weft.agent.active.connections", activeConnections, AtomicInteger::get)
        .description("Open connections to this agent's server")
        .strongReference(true)
        .register(registry);
  }

  /** A served call ended, failed with {@code error} (null when it succeeded). */
  void request(String capability, String peerTrustDomain, ErrorCode error, long nanos) {
    requests.withTags("capability", capability, "peer_trust_domain", peerTrustDomain,
        "outcome", error == null ? "ok" : "error").increment();
    if (error != null) {
      errors.withTags("capability", capability, "peer_trust_domain", peerTrustDomain,
          "code", error.name()).increment();
    }
    serverDuration.withTags("capability", capability, "peer_trust_domain", peerTrustDomain)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /** A call out ended. */
  void clientRequest(String target, String capability, long nanos) {
    clientDuration.withTags("target", target, "capability", capability)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  void authorization(String capability, boolean allowed, Duration latency) {
    decisions.withTags("capability", capability, "decision", allowed ? "allow" : "deny")
        .increment();
    authorizationDuration.record(latency);
  }

  void connections(int delta) {
    activeConnections.addAndGet(delta);
  }

  /** Sets the breaker gauge of {@code target}: 0 closed, 1 half open, 2 open. */
  void breakerState(String target, int state) {
    breakerStates.computeIfAbsent(target, t -> {
      var value = new AtomicInteger();
      Gauge.builder("weft.agent.circuit.breaker.state", value, AtomicInteger::get)
          .description("Circuit breaker state per target: 0 closed, 1 half_open, 2 open")
          .tag("target", t)
          .strongReference(true)
          .register(registry);
      return value;
    }).set(state);
  }

  void targetLatency(String target, Duration latency) {
    targetLatencyNanos.computeIfAbsent(target, t -> {
      var value = new AtomicLong();
      Gauge.builder("weft.agent.target.latency", value, v -> v.get() / 1e9)
          .description("Smoothed (EWMA) call latency per target, as the client measures it")
          .baseUnit("seconds")
          .tag("target", t)
          .strongReference(true)
          .register(registry);
      return value;
    }).set(latency.toNanos());
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
