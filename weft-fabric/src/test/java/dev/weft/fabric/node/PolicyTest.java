package dev.weft.fabric.node;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.weft.fabric.ErrorCode;
import dev.weft.fabric.FabricException;
import dev.weft.fabric.Name;
import dev.weft.fabric.client.FabricClient;
import dev.weft.fabric.policy.FabricAuthorization;
import dev.weft.identity.source.SwappableIdentitySource;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.policy.DecisionLog;
import dev.weft.policy.DecisionPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy on subscribe and publish: audited once per decision, cached, replaceable. */
class PolicyTest {

  private static final String NODE = "spiffe://a.test/fabric/node-a";

  private NodeFixture fixture;
  private final List<DecisionLog.Entry> audit = new CopyOnWriteArrayList<>();

  @TempDir Path dir;

  @BeforeEach
  void setUp() {
    fixture = new NodeFixture();
  }

  @AfterEach
  void tearDown() {
    fixture.close();
  }

  private Node start(NodeConfig config) throws FabricException {
    DecisionLog log =
        new DecisionLog() {
          @Override
          public void record(Entry entry) {
            audit.add(entry);
          }

          @Override
          public void close() {}
        };
    Node node =
        Node.builder(config)
            .identity(fixture.pki.source(NODE))
            .decisionLog(log)
            .ioThreads(2)
            .start();
    fixture.closeLater(node);
    return node;
  }

  @Test
  void aThousandPublishesAreDecidedAndAuditedOnce() throws Exception {
    Node node = start(NodeFixture.config("node-a", "acme"));
    BlockingQueue<byte[]> got = new LinkedBlockingQueue<>();
    fixture
        .client(node, "spiffe://a.test/app/sub")
        .subscribe(Name.parse("a.test/feed/x"), m -> got.add(m.payload()));
    FabricClient publisher = fixture.client(node, "spiffe://a.test/app/pub");
    for (int i = 0; i < 1000; i++) {
      publisher.publish(Name.parse("a.test/feed/x"), new byte[] {1});
    }
    for (int i = 0; i < 1000; i++) {
      assertThat(got.poll(10, TimeUnit.SECONDS)).isNotNull();
    }
    assertThat(audit)
        .filteredOn(e -> e.input().get("action").toString().contains("publish"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.allowed()).isTrue();
              assertThat(e.path()).isEqualTo("weft/fabric/authz");
              assertThat(e.reason()).isEqualTo("allowed by weft/fabric/authz");
            });
  }

  @Test
  void aPolicyFromFilesWithOwnersDataReplacesTheBuiltInOne() throws Exception {
    Files.writeString(dir.resolve("fabric.rego"), FabricAuthorization.defaultPolicySource());
    Files.writeString(
        dir.resolve("owners.json"),
        "{\"weft\": {\"fabric\": {\"owners\": {\"acme\": [\"a.test\"]}}}}");
    Node node =
        start(
            NodeFixture.config("node-a", "acme")
                .withPolicy(
                    List.of(dir.resolve("fabric.rego"), dir.resolve("owners.json")),
                    DecisionPath.parse("weft/fabric/authz")));
    FabricClient a = fixture.client(node, "spiffe://a.test/app/alice");
    a.subscribe(Name.parse("acme/chat/room"), m -> {});
    FabricClient b = fixture.client(node, "spiffe://b.test/app/bob");
    assertThatThrownBy(() -> b.subscribe(Name.parse("acme/chat/room"), m -> {}))
        .isInstanceOf(FabricException.class)
        .hasMessage(
            "denied by weft/fabric/authz: rule subscribe_owned_org: trust domain b.test "
                + "does not own org acme")
        .extracting(e -> ((FabricException) e).code())
        .isEqualTo(ErrorCode.DENIED);
    assertThat(audit).filteredOn(e -> !e.allowed()).hasSize(1);
  }

  @Test
  void aHelloUnderAForeignOrgIsDeniedAndTheConnectionClosed() throws Exception {
    Node node = start(NodeFixture.config("node-a", "acme"));
    assertThatThrownBy(
            () ->
                fixture.client(node, "spiffe://a.test/app/alice", Name.parse("b.test/app/alice/1")))
        .isInstanceOf(FabricException.class)
        .hasMessage(
            "denied by weft/fabric/authz: rule subscribe_owned_org: trust domain a.test "
                + "does not own org b.test");
  }

  @Test
  void theNodesSvidRotatesWithoutDroppingConnections() throws Exception {
    SwappableIdentitySource identity = fixture.pki.source(NODE);
    Node node =
        Node.builder(NodeFixture.config("node-a", "acme")).identity(identity).ioThreads(2).start();
    fixture.closeLater(node);
    BlockingQueue<String> got = new LinkedBlockingQueue<>();
    FabricClient before = fixture.client(node, "spiffe://a.test/app/before");
    before.subscribe(Name.parse("a.test/chat/room"), m -> got.add(new String(m.payload(), UTF_8)));

    var oldCert = identity.current().svid().leaf();
    identity.set(fixture.pki.snapshot(SpiffeId.parse(NODE)));
    assertThat(identity.current().svid().leaf()).isNotEqualTo(oldCert);

    FabricClient after = fixture.client(node, "spiffe://a.test/app/after");
    after.publish(Name.parse("a.test/chat/room"), "rotated".getBytes(UTF_8));
    assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo("rotated");
    assertThat(before.isConnected()).isTrue();
    await().atMost(Duration.ofSeconds(5)).until(() -> node.connections().size() == 2);
  }
}
