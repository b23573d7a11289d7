/**
 * The agent SDK: {@link dev.weft.agent.Capability} methods, {@link dev.weft.agent.RequiresPeer}
 * guards, the {@link dev.weft.agent.CallContext} of a call, and the {@link
 * dev.weft.agent.AgentClient} that calls other agents.
 */
package dev.weft.agent;
