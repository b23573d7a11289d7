package dev.weft.fabric.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.fabric.Name;
import dev.weft.fabric.admin.ConnectionInfo;
import dev.weft.fabric.client.FabricClient;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A subscriber that stops reading (its handler blocks its I/O thread) while a publisher floods it:
 * the node's queue for it never passes the limits, and the slow-consumer policy acts and counts.
 */
class SlowConsumerTest {

  private static final int QUEUE = 64;
  private static final Name STREAM = Name.parse("a.test/feed/stream");

  private NodeFixture fixture;
  private final CountDownLatch release = new CountDownLatch(1);

  @BeforeEach
  void setUp() {
    fixture = new NodeFixture();
  }

  @AfterEach
  void tearDown() {
    release.countDown();
    fixture.close();
  }

  @Test
  void disconnectClosesTheSlowConsumerAndKeepsServingOthers() throws Exception {
    Node node = start(SlowConsumerPolicy.DISCONNECT);
    FabricClient slow = stuckSubscriber(node);
    FabricClient publisher = fixture.client(node, "spiffe://a.test/app/publisher");
    long maxQueued = flood(node, publisher, slow, 20_000);

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> node.counter("fabric.slow.consumer.disconnects") == 1);
    assertThat(maxQueued).isLessThanOrEqualTo(QUEUE);
    assertThat(node.counter("fabric.messages.dropped", "reason", "slow_consumer"))
        .isGreaterThanOrEqualTo(1);
    release.countDown();
    // a connection the node closed is a lost connection: the slow consumer redials on its own
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> slow.reconnects() == 1 && slow.isConnected());
    assertThat(publisher.isConnected()).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> node.connections().size() == 2);
    assertThat(node.counter("fabric.slow.consumer.disconnects")).isEqualTo(1);
  }

  @Test
  void dropKeepsTheConnectionAndCountsEveryDrop() throws Exception {
    Node node = start(SlowConsumerPolicy.DROP);
    FabricClient slow = stuckSubscriber(node);
    FabricClient publisher = fixture.client(node, "spiffe://a.test/app/publisher");
    long maxQueued = flood(node, publisher, slow, 20_000);

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> node.counter("fabric.messages.dropped", "reason", "slow_consumer") > 1_000);
    assertThat(maxQueued).isLessThanOrEqualTo(QUEUE);
    assertThat(node.counter("fabric.slow.consumer.disconnects")).isZero();
    assertThat(node.connections())
        .filteredOn(c -> c.peer().endsWith("/slow"))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.state()).isEqualTo("open");
              assertThat(c.dropped()).isGreaterThan(1_000);
            });
    assertThat(slow.isConnected()).isTrue();
  }

  private Node start(SlowConsumerPolicy policy) throws Exception {
    Limits limits = new Limits(1 << 20, QUEUE, 1 << 20, 100, 1000, Duration.ofSeconds(10));
    return fixture.node(
        NodeFixture.config("node-a", "acme").withLimits(limits, policy),
        "spiffe://a.test/fabric/node-a");
  }

  private FabricClient stuckSubscriber(Node node) throws Exception {
    FabricClient slow = fixture.client(node, "spiffe://a.test/app/slow");
    slow.subscribe(
        STREAM,
        m -> {
          try {
            release.await(60, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    return slow;
  }

  /**
   * Publishes {@code count} 1 KiB messages; returns the most frames ever queued for the slow one.
   */
  private static long flood(Node node, FabricClient publisher, FabricClient slow, int count)
      throws Exception {
    AtomicLong max = new AtomicLong();
    Thread sampler =
        Thread.ofVirtual()
            .start(
                () -> {
                  while (!Thread.currentThread().isInterrupted()) {
                    for (ConnectionInfo c : node.connections()) {
                      max.accumulateAndGet(c.queued(), Math::max);
                    }
                    try {
                      Thread.sleep(5);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
    byte[] payload = new byte[1024];
    for (int i = 0; i < count && publisher.isConnected(); i++) {
      publisher.publish(STREAM, payload);
    }
    publisher.flush();
    Thread.sleep(500);
    sampler.interrupt();
    sampler.join();
    return max.get();
  }
}
