package dev.weft.fabric.node;

import dev.weft.fabric.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * A node's Prometheus metrics. Labels are bounded: an error code, an action, a drop reason, a
 * connection kind; never a name, a peer or a connection id.
 */
final class NodeMetrics {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  /** Counted per message on the hot path: plain adders that the registry reads when scraped. */
  private final LongAdder in = new LongAdder();

  private final LongAdder out = new LongAdder();
  private final Counter deniedSubscribe;
  private final Counter deniedPublish;
  private final Counter droppedSlow;
  private final Counter droppedLoop;
  private final Counter droppedUnroutable;
  private final Counter slowDisconnects;
  private final Counter handshakeFailures;
  private final Counter rejectedConnections;
  private final Map<ErrorCode, Counter> errors = new EnumMap<>(ErrorCode.class);
  private final AtomicInteger controllerConnected = new AtomicInteger();
  private final Counter commandsOk;
  private final Counter commandsError;

  NodeMetrics(
      Supplier<Number> queueDepth,
      Supplier<Number> linksUp,
      Supplier<Number> subscriptions,
      Supplier<Number> connections) {
    FunctionCounter.builder("fabric.messages.in", in, LongAdder::doubleValue)
        .description("PUBLISH frames received")
        .register(registry);
    FunctionCounter.builder("fabric.messages.out", out, LongAdder::doubleValue)
        .description("PUBLISH frames queued to peers")
        .register(registry);
    deniedSubscribe = denied("subscribe");
    deniedPublish = denied("publish");
    droppedSlow = dropped("slow_consumer");
    droppedLoop = dropped("loop");
    droppedUnroutable = dropped("unroutable_error");
    slowDisconnects =
        Counter.builder("fabric.slow.consumer.disconnects")
            .description("connections closed because they read too slowly")
            .register(registry);
    handshakeFailures =
        Counter.builder("fabric.handshake.failures")
            .description("TLS handshakes or HELLOs that failed or timed out")
            .register(registry);
    rejectedConnections =
        Counter.builder("fabric.connections.rejected")
            .description("connections refused at limits.max_connections")
            .register(registry);
    for (ErrorCode code : ErrorCode.values()) {
      errors.put(
          code,
          Counter.builder("fabric.errors")
              .tag("code", code.name())
              .description("ERROR frames sent, by code")
              .register(registry));
    }
    Gauge.builder("fabric.controller.connected", controllerConnected, AtomicInteger::get)
        .description("1 while the node is registered with its controller, else 0")
        .register(registry);
    commandsOk = command("ok");
    commandsError = command("error");
    Gauge.builder("fabric.queue.depth", queueDepth)
        .description("frames queued on all connections")
        .register(registry);
    Gauge.builder("fabric.links.up", linksUp)
        .description("open links to other nodes")
        .register(registry);
    Gauge.builder("fabric.subscriptions", subscriptions)
        .description("local subscriptions")
        .register(registry);
    Gauge.builder("fabric.connections", connections)
        .description("open connections")
        .register(registry);
  }

  private Counter command(String result) {
    return Counter.builder("fabric.controller.commands")
        .tag("result", result)
        .description("configuration commands from the controller, by whether all of it applied")
        .register(registry);
  }

  private Counter denied(String action) {
    return Counter.builder("fabric.messages.denied")
        .tag("action", action)
        .description("subscribes and publishes the policy denied")
        .register(registry);
  }

  private Counter dropped(String reason) {
    return Counter.builder("fabric.messages.dropped")
        .tag("reason", reason)
        .description("frames dropped, by reason")
        .register(registry);
  }

  void controllerConnected(boolean connected) {
    controllerConnected.set(connected ? 1 : 0);
  }

  void command(boolean ok) {
    (ok ? commandsOk : commandsError).increment();
  }

  void in() {
    in.increment();
  }

  void out() {
    out.increment();
  }

  void out(int n) {
    out.add(n);
  }

  void denied(boolean subscribe) {
    (subscribe ? deniedSubscribe : deniedPublish).increment();
  }

  void droppedSlow() {
    droppedSlow.increment();
  }

  void droppedLoop() {
    droppedLoop.increment();
  }

  void droppedUnroutable() {
    droppedUnroutable.increment();
  }

  void slowDisconnect() {
    slowDisconnects.increment();
  }

  void handshakeFailure() {
    handshakeFailures.increment();
  }

  void rejectedConnection() {
    rejectedConnections.increment();
  }

  void error(ErrorCode code) {
    errors.get(code).increment();
  }

  double errors(ErrorCode code) {
    return errors.get(code).count();
  }

  double count(String name, String... tags) {
    Counter c = registry.find(name).tags(tags).counter();
    return c == null ? 0 : c.count();
  }

  String scrape() {
    return registry.scrape();
  }

  void close() {
    registry.close();
  }
}
