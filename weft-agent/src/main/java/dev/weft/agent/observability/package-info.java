/**
 * How an agent's calls are observed, in one package: {@link
 * dev.weft.agent.observability.CallObserver} is where the server and the client report spans (W3C
 * trace context), metrics, connection counts and breaker states ({@link
 * dev.weft.agent.observability.CallObserver#noop()} only carries the trace context); {@link
 * dev.weft.agent.observability.Observability} implements it with Micrometer (Prometheus text) and
 * OpenTelemetry (optional OTLP/HTTP export) from an {@link
 * dev.weft.agent.observability.ObservabilityConfig}; {@link dev.weft.agent.observability.TraceMdc}
 * puts trace ids in the slf4j MDC. The SDK logs through slf4j only: configuring a logging backend
 * is the application's (or the agent runtime's) job. Authorization decisions are audited by
 * weft-policy's {@code DecisionPoint}, not here.
 */
package dev.weft.agent.observability;
