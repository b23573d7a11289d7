/**
 * The agent client: calls capabilities of other agents over SPIFFE mutual TLS with the outbound
 * policy check, deadline and trace propagation, retries within a budget, a circuit breaker per
 * target and latency-aware failover. Start with {@link dev.weft.agent.client.Agents#client}; a
 * server binds the call it serves with {@link dev.weft.agent.client.CallScope} so that calls out
 * continue its deadline and trace.
 */
package dev.weft.agent.client;
