package dev.weft.agent.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.agent.AgentClient;
import dev.weft.agent.observability.CallObserver;
import dev.weft.identity.source.IdentitySource;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.policy.DecisionPoint;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;

/**
 * What the request handlers share; built once by {@link AgentServer.Builder}. {@code decisions}
 * decides and audits every check of a call (with the configured authorizer and audit log); {@code
 * json} binds parameters and writes results; {@code bodyReader} parses request bodies within the
 * JSON limits of {@code limits}; {@code calls} holds one permit per capability invocation that may
 * run.
 */
record ServerSettings(
    IdentitySource source,
    DecisionPoint decisions,
    CallObserver observer,
    Set<TrustDomain> allowedTrustDomains,
    Map<String, CapabilityDef> capabilities,
    String defaultCapability,
    AgentClient client,
    Clock clock,
    ObjectMapper json,
    ObjectMapper bodyReader,
    TaskStore tasks,
    ServerLimits limits,
    Semaphore calls) {}
