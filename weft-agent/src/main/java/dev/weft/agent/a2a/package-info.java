/**
 * The A2A 0.3 JSON-RPC shapes Weft speaks on the wire: messages with data parts, the metadata key
 * that names a capability, task states and the JSON-RPC error codes of JSON-RPC 2.0 and A2A. Shared
 * by the agent server and the agent client, so both build and read the same JSON.
 */
package dev.weft.agent.a2a;
