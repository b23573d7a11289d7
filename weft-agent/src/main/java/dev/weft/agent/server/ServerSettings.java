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

/** What the request handlers share; built once by {@link AgentServer.Builder}. */
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
    TaskStore tasks) {}
