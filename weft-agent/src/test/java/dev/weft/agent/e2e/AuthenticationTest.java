package dev.weft.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.weft.agent.AgentException;
import dev.weft.agent.ErrorCode;
import dev.weft.agent.client.AgentRegistry;
import dev.weft.agent.client.MeshClient;
import dev.weft.agent.observability.CallObserver;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.policy.DecisionLog;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The caller proves the callee's identity before anything is sent: a server of a domain the caller
 * does not federate with, or presenting another SPIFFE ID than expected, fails the call with
 * UNAUTHENTICATED and never sees a request.
 */
class AuthenticationTest {

  private final Federation federation = new Federation();
  private final StringWriter audit = new StringWriter();
  private final DecisionLog auditLog = DecisionLog.jsonLines(audit, List.of());
  private final AtomicInteger served = new AtomicInteger();
  private final Node orchestrator =
      Node.start(federation.source(Federation.ORCHESTRATOR), CallObserver.noop(), b -> b);
  private Node target;

  @AfterEach
  void close() throws Exception {
    if (target != null) {
      target.close();
    }
    orchestrator.close();
    auditLog.close();
  }

  private Node target(SpiffeId id) {
    target =
        Node.start(
            federation.source(id),
            CallObserver.noop(),
            b ->
                b.auditLog(auditLog)
                    .capability(
                        "search", "counts calls", true, (params, ctx) -> served.incrementAndGet()));
    return target;
  }

  @Test
  void aTargetOfAnUnfederatedDomainIsUnauthenticated() throws Exception {
    SpiffeId rogue = SpiffeId.parse("spiffe://rogue.example.com/agent/search");
    Node server = target(rogue);
    try (MeshClient client = orchestrator.newClient(b -> b)) {
      assertThatThrownBy(
              () ->
                  client.call(
                      rogue,
                      server.address(),
                      "search",
                      JsonNodeFactory.instance.objectNode(),
                      Duration.ofSeconds(10)))
          .isInstanceOfSatisfying(
              AgentException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED))
          .hasMessage(
              "TLS with spiffe://rogue.example.com/agent/search at "
                  + server.address()
                  + " failed: X.509-SVID spiffe://rogue.example.com/agent/search: no trust bundle"
                  + " for trust domain rogue.example.com (the domain is unknown or not"
                  + " federated)");
    }
    assertThat(served).hasValue(0);
    assertThat(audit.toString()).isEmpty();
  }

  @Test
  void aTargetPresentingAnotherIdOfTheExpectedDomainIsUnauthenticated() throws Exception {
    SpiffeId impostor = SpiffeId.parse("spiffe://gcp.company.com/agent/impostor");
    Node server = target(impostor);
    AgentRegistry registry =
        AgentRegistry.of(
            List.of(AgentRegistry.Entry.of("gcp_search", Federation.SEARCH, server.address())));
    try (MeshClient client = orchestrator.newClient(b -> b.registry(registry))) {
      assertThatThrownBy(
              () -> client.call("gcp_search", "search", JsonNodeFactory.instance.objectNode()))
          .isInstanceOfSatisfying(
              AgentException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED))
          .hasMessage(
              "TLS with spiffe://gcp.company.com/agent/search at "
                  + server.address()
                  + " failed: TLS peer spiffe://gcp.company.com/agent/impostor is not authorized:"
                  + " not one of [spiffe://gcp.company.com/agent/search]");
    }
    assertThat(served).hasValue(0);
    assertThat(audit.toString()).isEmpty();
  }

  @Test
  void theExpectedTargetIsServed() throws Exception {
    Node server = target(Federation.SEARCH);
    try (MeshClient client = orchestrator.newClient(b -> b)) {
      assertThat(
              client.call(
                  Federation.SEARCH,
                  server.address(),
                  "search",
                  JsonNodeFactory.instance.objectNode(),
                  Duration.ofSeconds(10)))
          .isEqualTo(JsonNodeFactory.instance.objectNode().put("value", 1));
    }
    assertThat(served).hasValue(1);
    assertThat(audit.toString().lines()).hasSize(1);
  }
}
