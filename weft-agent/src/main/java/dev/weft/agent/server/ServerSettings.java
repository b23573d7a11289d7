package dev.weft.agent.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.agent.AgentClient;
import dev.weft.agent.observe.CallObserver;
import dev.weft.identity.source.IdentitySource;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.policy.Authorizer;
import dev.weft.policy.DecisionLog;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;

/**
 * What the request handlers share; built once by {@link AgentServer.Builder}. {@code json} binds
 * parameters and writes results; {@code bodyReader} parses request bodies within the JSON limits
 * of {@code limits}; {@code calls} holds one permit per capability invocation that may run.
 */
record ServerSettings(
    IdentitySource source,
    Authorizer authorizer,
    CallObserver observer,
    DecisionLog audit,
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
