package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.agent.Capability;
import dev.weft.agent.config.AgentConfig;
import dev.weft.agent.runtime.AgentRuntime;
import dev.weft.agent.server.AgentServer;
import dev.weft.fabric.Name;
import dev.weft.fabric.client.FabricClient;
import dev.weft.fabric.client.Subscription;
import dev.weft.fabric.mls.MlsMember;
import dev.weft.fabric.node.Node;
import dev.weft.fabric.node.NodeConfig;
import dev.weft.fabric.session.Session;
import dev.weft.fabric.session.SessionEndpoint;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.workloadapi.SvidSelector;
import dev.weft.identity.workloadapi.SvidSource;
import dev.weft.identity.workloadapi.SvidSourceConfig;
import dev.weft.identity.workloadapi.WorkloadApiEndpoint;
import dev.weft.policy.Authorizer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code weft fabric session send|receive|list} and {@code weft call --via-fabric} against a real
 * node on loopback; every command takes its SVID from a real Workload API ({@code example.org}).
 */
class FabricSessionCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The receiving side's identity (MLS needs two: the SVID's key is the MLS signature key). */
  static final String OTHER = "spiffe://example.org/other";

  private static LocalWorkloadApi workloads;
  private static Node node;
  private static String address;

  /** The agent {@code weft call --via-fabric} calls. */
  public static final class Echo {
    @Capability(name = "echo", description = "Echoes its params")
    public JsonNode echo(JsonNode params) {
      return params;
    }
  }

  @BeforeAll
  static void startNode() throws Exception {
    workloads = new LocalWorkloadApi();
    Path config = workloads.dir().resolve("session-node.yaml");
    Files.writeString(
        config,
        """
        node:
          id: node-s
          domain: cli-test
        local_endpoint: 127.0.0.1:0
        identity:
          workload_api_socket: %s
        """
            .formatted(workloads.socket()));
    node = Node.start(NodeConfig.read(config));
    workloads.addIdentity(OTHER);
    address = "127.0.0.1:" + node.localAddress().getPort();
  }

  @AfterAll
  static void stopNode() {
    if (node != null) {
      node.close();
    }
    if (workloads != null) {
      workloads.close();
    }
  }

  /** Runs {@code weft ARGS --node ADDR --socket API --as ME}. */
  private static Cli.Result weft(String... args) {
    return as(LocalWorkloadApi.ME, args);
  }

  /** Runs {@code weft ARGS --node ADDR --socket API --as ID}. */
  private static Cli.Result as(String id, String... args) {
    String[] all = new String[args.length + 6];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--node";
    all[args.length + 1] = address;
    all[args.length + 2] = "--socket";
    all[args.length + 3] = workloads.socket();
    all[args.length + 4] = "--as";
    all[args.length + 5] = id;
    return Cli.run(all);
  }

  private static SvidSource identity(String id) throws Exception {
    return SvidSource.start(
        WorkloadApiEndpoint.parse("unix://" + workloads.socket()),
        SvidSourceConfig.builder().svidSelector(SvidSelector.byId(SpiffeId.parse(id))).build());
  }

  private static CompletableFuture<Cli.Result> receive(String name, String... more) {
    String[] args = new String[more.length + 5];
    args[0] = "fabric";
    args[1] = "session";
    args[2] = "receive";
    args[3] = "--name";
    args[4] = name;
    System.arraycopy(more, 0, args, 5, more.length);
    CompletableFuture<Cli.Result> r = CompletableFuture.supplyAsync(() -> as(OTHER, args));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> node.routes().stream().anyMatch(route -> route.name().equals(name)));
    return r;
  }

  @Test
  void sendRequestsAndReceiveEchoesThem() throws Exception {
    CompletableFuture<Cli.Result> receiver =
        receive("example.org/echo/plain", "--count", "2", "--reply");

    Cli.Result sent =
        weft(
            "fabric",
            "session",
            "send",
            "--to",
            "example.org/echo/plain",
            "--count",
            "2",
            "--request",
            "--message",
            "ping");

    assertThat(sent.status()).as(sent.err()).isZero();
    List<String> lines = sent.out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).matches("session [0-9a-f]{16} to example\\.org/client/other/.+");
    assertThat(lines.subList(1, 3)).containsExactly("reply: ping", "reply: ping");
    Cli.Result received = receiver.get();
    assertThat(received.status()).as(received.err()).isZero();
    assertThat(received.out().lines().toList())
        .hasSize(2)
        .allMatch(l -> l.matches("session [0-9a-f]{16} from \\S+ request: ping"), "a request line");
  }

  @Test
  void withMlsBothSidesShowTheEpochAndThePeersSpiffeId() throws Exception {
    CompletableFuture<Cli.Result> receiver =
        receive("example.org/echo/mls", "--count", "2", "--mls", "--output", "json");

    Cli.Result sent =
        weft(
            "fabric",
            "session",
            "send",
            "--to",
            "example.org/echo/mls",
            "--count",
            "2",
            "--mls",
            "--message",
            "secret");

    assertThat(sent.status()).as(sent.err()).isZero();
    assertThat(sent.out())
        .matches("session [0-9a-f]{16} to \\S+ \\(MLS epoch 1, spiffe://example\\.org/other\\)\n");
    Cli.Result received = receiver.get();
    assertThat(received.status()).as(received.err()).isZero();
    List<String> lines = received.out().lines().toList();
    assertThat(lines).hasSize(2);
    for (String line : lines) {
      JsonNode json = JSON.readTree(line);
      assertThat(json.get("kind").asText()).isEqualTo("message");
      assertThat(json.get("payload").asText()).isEqualTo("secret");
      assertThat(json.get("encrypted").asBoolean()).isTrue();
      assertThat(json.get("epoch").asLong()).isEqualTo(1);
      assertThat(json.get("peer_identity").asText()).isEqualTo(LocalWorkloadApi.ME);
    }
  }

  @Test
  void aRequestToAReceiverWithoutReplyIsRefused() throws Exception {
    CompletableFuture<Cli.Result> receiver = receive("example.org/echo/silent", "--count", "1");

    Cli.Result sent =
        weft("fabric", "session", "send", "--to", "example.org/echo/silent", "--request");

    assertThat(sent.status()).isEqualTo(1);
    assertThat(sent.err()).contains("runs without --reply");
    assertThat(receiver.get().status()).isZero();
  }

  @Test
  void listShowsTheReceiversOpenSessions() throws Exception {
    Path socket = workloads.dir().resolve("sessions.sock");
    CompletableFuture<Cli.Result> receiver =
        receive(
            "example.org/echo/listed",
            "--count",
            "1",
            "--mls",
            "--admin-socket",
            socket.toString());
    await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(socket));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)))
        .isEqualTo("rw-------");

    try (SvidSource identity = identity(LocalWorkloadApi.ME);
        FabricClient client = FabricClient.builder(identity).node(address).connect();
        SessionEndpoint sessions =
            SessionEndpoint.builder(client).mls(MlsMember.of(identity), id -> true).start()) {
      Session session = sessions.open(Name.parse("example.org/echo/listed"), (s, b) -> {});
      String id = String.format("%016x", session.id());

      Cli.Result json =
          Cli.run(
              "fabric", "session", "list", "--admin-socket", socket.toString(), "--output", "json");
      Cli.Result table = Cli.run("fabric", "session", "list", "--admin-socket", socket.toString());

      assertThat(json.status()).as(json.err()).isZero();
      JsonNode rows = JSON.readTree(json.out());
      assertThat(rows).hasSize(1);
      JsonNode row = rows.get(0);
      assertThat(row.get("id").asText()).isEqualTo(id);
      assertThat(row.get("name").asText()).isEqualTo("example.org/echo/listed");
      assertThat(row.get("peer").asText()).isEqualTo(client.instanceName().toString());
      assertThat(row.get("initiator").asBoolean()).isFalse();
      assertThat(row.get("state").asText()).isEqualTo("OPEN");
      assertThat(row.get("encrypted").asBoolean()).isTrue();
      assertThat(row.get("epoch").asLong()).isEqualTo(1);
      assertThat(row.get("peer_identity").asText()).isEqualTo(LocalWorkloadApi.ME);
      assertThat(table.status()).as(table.err()).isZero();
      assertThat(table.out().lines().toList().get(0))
          .startsWith("ID")
          .contains("NAME", "PEER", "INITIATOR", "STATE", "ENCRYPTED", "EPOCH", "PEER IDENTITY");
      assertThat(table.out().lines().toList().get(1))
          .startsWith(id)
          .contains("OPEN", "true", LocalWorkloadApi.ME);

      session.send("done".getBytes(StandardCharsets.UTF_8));
      session.close();
      assertThat(receiver.get().status()).isZero();
    }
    assertThat(socket).doesNotExist();
  }

  @Test
  void listAgainstNoSocketExitsOneNamingIt() {
    Path missing = workloads.dir().resolve("nobody.sock");

    Cli.Result r = Cli.run("fabric", "session", "list", "--admin-socket", missing.toString());

    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err()).contains("admin socket " + missing + ":");
  }

  @Test
  void sendingToANameNobodyServesExitsOne() {
    Cli.Result r = weft("fabric", "session", "send", "--to", "example.org/echo/nobody");

    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err()).contains("open a session to example.org/echo/nobody:");
  }

  @Test
  void badFlagsAreUsageErrors() {
    Cli.Result count = weft("fabric", "session", "send", "--to", "example.org/a/b", "--count", "0");
    Cli.Result instance =
        weft("fabric", "session", "receive", "--name", "example.org/a/b/c", "--count", "1");

    assertThat(count.status()).isEqualTo(2);
    assertThat(count.err()).contains("--count: 0 (expected: >= 1)");
    assertThat(instance.status()).isEqualTo(2);
    assertThat(instance.err())
        .contains("--name: example.org/a/b/c (expected: a service name org/namespace/service)");
  }

  @Test
  void callViaFabricReachesTheAgentThatProvesAgent() throws Exception {
    try (SvidSource identity = identity(OTHER);
        FabricClient client = FabricClient.builder(identity).node(address).connect();
        SessionEndpoint sessions =
            SessionEndpoint.builder(client).mls(MlsMember.of(identity), id -> true).start();
        Authorizer authorizer = Authorizer.allowAll("test");
        AgentServer agent =
            AgentServer.builder()
                .identity(identity)
                .authorizer(authorizer)
                .agent(new Echo())
                .build();
        Subscription serving = agent.serveFabric(sessions, Name.parse("example.org/agents/echo"))) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  node.routes().stream().anyMatch(r -> r.name().equals("example.org/agents/echo")));

      Cli.Result ok =
          weft(
              "call",
              "--agent",
              OTHER,
              "--via-fabric",
              "example.org/agents/echo",
              "--capability",
              "echo",
              "--params",
              "{\"q\":\"hi\"}",
              "--output",
              "json");
      Cli.Result wrong =
          weft(
              "call",
              "--agent",
              "spiffe://example.org/someone-else",
              "--via-fabric",
              "example.org/agents/echo",
              "--capability",
              "echo");

      assertThat(ok.status()).as(ok.err()).isZero();
      assertThat(ok.out()).isEqualTo("{\"result\":{\"q\":\"hi\"}}\n");
      assertThat(wrong.status()).isEqualTo(1);
      assertThat(wrong.err())
          .isEqualTo(
              "weft call: UNAUTHENTICATED: the fabric name example.org/agents/echo is served by "
                  + OTHER
                  + " (expected: spiffe://example.org/someone-else); nothing was sent\n");
      assertThat(serving.name()).isEqualTo(Name.parse("example.org/agents/echo"));
    }
  }

  @Test
  void anAgentRunFromItsConfigurationServesOnFabricName() throws Exception {
    Path yaml = workloads.dir().resolve("fabric-agent.yaml");
    Files.writeString(
        yaml,
        """
        identity:
          spiffe_id: %s
          workload_api_socket: %s
        authorization:
          default_policy: allow_all
        server:
          host: 127.0.0.1
          port: 0
        metadata:
          description: Echoes over the fabric
        fabric:
          node: %s
          name: example.org/agents/runtime
        """
            .formatted(OTHER, workloads.socket(), address));
    try (AgentRuntime runtime =
        AgentRuntime.start(AgentConfig.read(yaml, Map.of()), new Echo(), Map.of())) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  node.routes().stream()
                      .anyMatch(r -> r.name().equals("example.org/agents/runtime")));

      Cli.Result ok =
          weft(
              "call",
              "--agent",
              OTHER,
              "--via-fabric",
              "example.org/agents/runtime",
              "--capability",
              "echo",
              "--params",
              "{\"n\":1}",
              "--output",
              "json");

      assertThat(ok.status()).as(ok.err()).isZero();
      assertThat(ok.out()).isEqualTo("{\"result\":{\"n\":1}}\n");
      assertThat(runtime.port()).isPositive();
    }
  }

  @Test
  void callFlagsForTheFabricAreChecked() {
    Cli.Result both =
        Cli.run(
            "call",
            "--agent",
            LocalWorkloadApi.ME,
            "--address",
            "https://127.0.0.1:1",
            "--via-fabric",
            "example.org/agents/echo",
            "--node",
            address,
            "--capability",
            "echo");
    Cli.Result noNode =
        Cli.run(
            "call",
            "--agent",
            LocalWorkloadApi.ME,
            "--via-fabric",
            "example.org/agents/echo",
            "--capability",
            "echo");
    Cli.Result neither = Cli.run("call", "--agent", LocalWorkloadApi.ME, "--capability", "echo");

    assertThat(both.status()).isEqualTo(2);
    assertThat(both.err()).contains("--address and --via-fabric: both given");
    assertThat(noNode.status()).isEqualTo(2);
    assertThat(noNode.err()).contains("--node: missing");
    assertThat(neither.status()).isEqualTo(2);
    assertThat(neither.err()).contains("--address: missing");
  }
}
