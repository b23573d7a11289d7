/**
 * The agent runtime server: {@link dev.weft.agent.server.AgentServer} serves an agent's
 * capabilities as A2A 0.3 JSON-RPC over HTTPS with SPIFFE mutual TLS (HTTP/1.1 and HTTP/2), and
 * runs every call through the pipeline authenticate, {@link dev.weft.agent.RequiresPeer} guards,
 * policy, dispatch (on a virtual thread, within the call's deadline).
 */
package dev.weft.agent.server;
