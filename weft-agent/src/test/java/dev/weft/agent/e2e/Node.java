package dev.weft.agent.e2e;

import dev.weft.agent.client.AgentRegistry;
import dev.weft.agent.client.Agents;
import dev.weft.agent.client.ClientConfig;
import dev.weft.agent.client.MeshClient;
import dev.weft.agent.observability.CallObserver;
import dev.weft.agent.server.AgentServer;
import dev.weft.identity.source.SwappableIdentitySource;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.policy.Authorizer;
import java.net.URI;
import java.util.function.UnaryOperator;

/**
 * One started agent of the test mesh: its identity source, the seed policy (inbound on its server,
 * outbound on its client), its server on a free loopback port, and its client (connected later with
 * {@link #connect}).
 */
final class Node implements AutoCloseable {

  final SpiffeId id;
  final SwappableIdentitySource source;
  final Authorizer authorizer;
  final CallObserver observer;
  final AgentServer server;
  private final LateClient client = new LateClient();

  private Node(
      SpiffeId id,
      SwappableIdentitySource source,
      CallObserver observer,
      UnaryOperator<AgentServer.Builder> customize) {
    this.id = id;
    this.source = source;
    this.authorizer = SeedPolicy.authorizer();
    this.observer = observer;
    this.server =
        customize
            .apply(
                AgentServer.builder()
                    .identity(source)
                    .authorizer(authorizer)
                    .observer(observer)
                    .host("127.0.0.1")
                    .port(0)
                    .name(id.toString())
                    .client(client))
            .build()
            .start();
  }

  /** Starts an agent presenting {@code source}'s SVID; {@code customize} adds its capabilities. */
  static Node start(
      SwappableIdentitySource source,
      CallObserver observer,
      UnaryOperator<AgentServer.Builder> customize) {
    return new Node(source.current().svid().id(), source, observer, customize);
  }

  URI address() {
    return URI.create("https://127.0.0.1:" + server.port() + "/");
  }

  /** This agent as a registry entry named {@code name}. */
  AgentRegistry.Entry entry(String name) {
    return AgentRegistry.Entry.of(name, id, address());
  }

  /** Gives this agent's capabilities a client calling the agents of {@code registry}. */
  void connect(AgentRegistry registry) {
    client.connect(
        Agents.client(
            ClientConfig.builder(source, authorizer)
                .registry(registry)
                .observer(observer)
                .build()));
  }

  /** A client of this agent's identity and outbound policy, separate from its server's. */
  MeshClient newClient(UnaryOperator<ClientConfig.Builder> customize) {
    return Agents.client(
        customize.apply(ClientConfig.builder(source, authorizer).observer(observer)).build());
  }

  @Override
  public void close() {
    server.close();
    client.close();
    authorizer.close();
  }
}
