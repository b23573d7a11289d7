/**
 * The agent runtime, what {@code weft agent run} starts: an agent assembled from its configuration
 * file (identity from the Workload API, the authorizer and audit log, the client, the server,
 * metrics and traces) and the process's logging (Logback with JSON or text lines, {@code
 * java.util.logging} bridged into them). It lives in its own module, weft-agent-runtime, so that
 * the agent SDK (weft-agent) depends on slf4j-api alone and an application that embeds it keeps its
 * own logging.
 */
package dev.weft.agent.runtime;
