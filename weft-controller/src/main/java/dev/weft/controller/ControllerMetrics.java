package dev.weft.controller;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The controller's Prometheus metrics; every label value is from a fixed set. */
final class ControllerMetrics {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicInteger connected = new AtomicInteger();
  private final Counter commandsOk;
  private final Counter commandsFailed;
  private final Counter routeChanges;
  private final Map<Refusal.Kind, Counter> refusals = new EnumMap<>(Refusal.Kind.class);
  private final Counter[] apiByClass = new Counter[6];

  ControllerMetrics() {
    Gauge.builder("controller_nodes_connected", connected, AtomicInteger::get)
        .description("Nodes with an open control channel")
        .register(registry);
    commandsOk =
        Counter.builder("controller_commands_total")
            .tag("result", "ok")
            .description("Configuration commands acknowledged by nodes")
            .register(registry);
    commandsFailed =
        Counter.builder("controller_commands_total").tag("result", "error").register(registry);
    routeChanges =
        Counter.builder("controller_route_changes_total")
            .description("Route entries set or deleted on nodes")
            .register(registry);
    for (Refusal.Kind kind : Refusal.Kind.values()) {
      refusals.put(
          kind,
          Counter.builder("controller_refusals_total")
              .tag("kind", kind.name().toLowerCase(java.util.Locale.ROOT))
              .description("Control-channel messages and API requests refused")
              .register(registry));
    }
    for (int i = 1; i <= 5; i++) {
      apiByClass[i] =
          Counter.builder("controller_api_requests_total")
              .tag("status", i + "xx")
              .description("JSON API requests by status class")
              .register(registry);
    }
  }

  void connected(int n) {
    connected.set(n);
  }

  void command(boolean ok) {
    (ok ? commandsOk : commandsFailed).increment();
  }

  void routeChanges(int n) {
    routeChanges.increment(n);
  }

  void refused(Refusal.Kind kind) {
    refusals.get(kind).increment();
  }

  void api(int status) {
    int c = status / 100;
    if (c >= 1 && c <= 5) {
      apiByClass[c].increment();
    }
  }

  String scrape() {
    return registry.scrape();
  }
}
