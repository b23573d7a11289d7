/**
 * Observability of the agent plane: {@link dev.weft.agent.observability.Observability} builds a
 * {@link dev.weft.agent.observe.CallObserver} that records Prometheus metrics with Micrometer and
 * OpenTelemetry spans (W3C trace context, optional OTLP/HTTP export) from an {@link
 * dev.weft.agent.observability.ObservabilityConfig}; {@link
 * dev.weft.agent.observability.JsonLogging} configures Logback at runtime for JSON or plain text
 * log lines. Authorization decisions are audited by weft-policy's {@code DecisionLog}, not here.
 */
package dev.weft.agent.observability;
