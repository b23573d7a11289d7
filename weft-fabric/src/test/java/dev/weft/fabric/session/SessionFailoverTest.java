package dev.weft.fabric.session;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.fabric.Name;
import dev.weft.fabric.client.FabricClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A session streams 10,000 messages from a sender on node-a to a receiver on node-b while one of
 * the two nodes is stopped and started again: the clients reconnect, the sessions retransmit, and
 * the receiver's handler sees every message exactly once, in order.
 */
class SessionFailoverTest {

  private static final Name SERVICE = Name.parse("a.test/east/sink");
  private static final int COUNT = 10_000;

  private TwoNodes nodes;

  @BeforeEach
  void start() throws Exception {
    nodes = new TwoNodes();
  }

  @AfterEach
  void stop() {
    nodes.close();
  }

  @Test
  void theReceiversNodeIsDownForASecondMidStreamAndNothingIsLostOrRepeated() throws Exception {
    stream("receiver's node, down 1 s,", false, () -> nodes.restartB(Duration.ofSeconds(1)));
  }

  @Test
  void theSendersNodeRestartsMidStreamAndNothingIsLostOrRepeated() throws Exception {
    stream("sender's node", true, () -> nodes.restartA());
  }

  interface Restart {
    void run() throws Exception;
  }

  /** Streams {@link #COUNT} messages and runs {@code restart} once a quarter has arrived. */
  private void stream(String what, boolean senderSide, Restart restart) throws Exception {
    FabricClient receiverClient = nodes.client(Mesh.BOB, List.of(nodes.b()));
    SessionEndpoint receiver = nodes.endpoint(receiverClient);
    Sink received = new Sink();
    receiver.accept(SERVICE, received);
    FabricClient senderClient = nodes.client(Mesh.ALICE, List.of(nodes.a()));
    SessionEndpoint sender = nodes.endpoint(senderClient);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                nodes.a().routes().stream()
                    .anyMatch(r -> r.name().equals(SERVICE.toString()) && r.kind().equals("link")));
    Session out = sender.open(SERVICE, new Collector());

    long started = System.nanoTime();
    AtomicReference<Exception> failed = new AtomicReference<>();
    Thread stream =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    for (int i = 0; i < COUNT; i++) {
                      out.send(Integer.toString(i).getBytes(UTF_8));
                    }
                  } catch (Exception e) {
                    failed.set(e);
                  }
                });
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(1))
        .until(() -> received.count.get() >= COUNT / 4 || failed.get() != null);
    int before = received.count.get();
    restart.run();
    assertThat(stream.join(Duration.ofSeconds(90))).as("the sender finished").isTrue();
    assertThat(failed.get()).as("no send failed").isNull();
    out.close();

    assertThat(out.closed().get(60, TimeUnit.SECONDS)).isEqualTo(CloseReason.LOCAL);
    assertThat(received.closed.get(60, TimeUnit.SECONDS)).isEqualTo(CloseReason.PEER);
    assertThat(received.messages()).isEqualTo(numbered());
    assertThat(before).as("the restart came mid-stream").isLessThan(COUNT);
    FabricClient restarted = senderSide ? senderClient : receiverClient;
    assertThat(restarted.reconnects()).as("the restarted node's client reconnected").isEqualTo(1);
    SessionStats s = sender.stats();
    SessionStats r = receiver.stats();
    System.out.printf(
        "session failover (%s restarted after %d of %d delivered): all %d delivered once in order"
            + " in %d ms; sender retransmitted %d, receiver dropped %d duplicates%n",
        what,
        before,
        COUNT,
        COUNT,
        (System.nanoTime() - started) / 1_000_000,
        s.retransmitted(),
        r.duplicates());
  }

  /** Records what arrives, and counts it for the test thread to watch. */
  private static final class Sink extends Collector {
    final AtomicInteger count = new AtomicInteger();

    @Override
    public synchronized void onMessage(Session session, byte[] payload) {
      super.onMessage(session, payload);
      count.incrementAndGet();
    }
  }

  private static List<String> numbered() {
    List<String> all = new ArrayList<>();
    for (int i = 0; i < COUNT; i++) {
      all.add(Integer.toString(i));
    }
    return all;
  }
}
