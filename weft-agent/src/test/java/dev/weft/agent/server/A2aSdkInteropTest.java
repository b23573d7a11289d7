package dev.weft.agent.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.a2a.client.Client;
import io.a2a.client.ClientEvent;
import io.a2a.client.MessageEvent;
import io.a2a.client.config.ClientConfig;
import io.a2a.client.http.A2ACardResolver;
import io.a2a.client.transport.jsonrpc.JSONRPCTransport;
import io.a2a.client.transport.jsonrpc.JSONRPCTransportConfig;
import io.a2a.spec.AgentCard;
import io.a2a.spec.DataPart;
import io.a2a.spec.Message;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/** The A2A Java SDK's client (0.3.3.Final) calls a Weft agent over SPIFFE mTLS. */
class A2aSdkInteropTest {

  @Test
  void theSdkClientReadsTheCardAndGetsTheCapabilitysResult() throws Exception {
    try (ServerFixture fx = new ServerFixture();
        Mesh.Client mtls = fx.client("/agent/orchestrator")) {
      SpiffeA2aHttpClient http = new SpiffeA2aHttpClient(mtls.http());
      AgentCard card = new A2ACardResolver(http, "https://127.0.0.1:" + fx.port()).getAgentCard();
      assertThat(card.name()).isEqualTo("search-agent");
      assertThat(card.skills()).extracting(s -> s.id()).contains("search", "echo");

      CompletableFuture<Message> answer = new CompletableFuture<>();
      BiConsumer<ClientEvent, AgentCard> consumer =
          (event, c) -> {
            if (event instanceof MessageEvent m) {
              answer.complete(m.getMessage());
            }
          };
      Client client =
          Client.builder(card)
              .clientConfig(new ClientConfig.Builder().setStreaming(false).build())
              .withTransport(JSONRPCTransport.class, new JSONRPCTransportConfig(http))
              .addConsumer(consumer)
              .streamingErrorHandler(answer::completeExceptionally)
              .build();
      try {
        Message message =
            new Message.Builder()
                .role(Message.Role.USER)
                .messageId(UUID.randomUUID().toString())
                .parts(List.of(new DataPart(Map.of("q", "a2a", "limit", 1))))
                .metadata(Map.of("weft.capability", "search"))
                .build();
        client.sendMessage(message, null);

        Message result = answer.get(30, TimeUnit.SECONDS);
        assertThat(result.getRole()).isEqualTo(Message.Role.AGENT);
        assertThat(result.getMetadata()).isEqualTo(Map.of("weft.capability", "search"));
        assertThat(result.getParts()).hasSize(1);
        assertThat(((DataPart) result.getParts().get(0)).getData())
            .isEqualTo(
                Map.of(
                    "q", "a2a",
                    "hits", List.of("a2a1"),
                    "caller", "spiffe://a.org/agent/orchestrator"));
      } finally {
        client.close();
      }
      assertThat(mtls.http().version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    }
  }
}
