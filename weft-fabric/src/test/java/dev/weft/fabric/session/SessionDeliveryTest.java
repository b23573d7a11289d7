package dev.weft.fabric.session;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.fabric.Name;
import dev.weft.fabric.client.FabricClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Exactly once and in order over a real node: clean, lossy and duplicating receive paths. */
class SessionDeliveryTest {

  private static final Name SERVICE = Name.parse("a.test/echo/svc");
  private static final int COUNT = 1000;

  private Mesh mesh;

  @BeforeEach
  void start() throws Exception {
    mesh = new Mesh();
  }

  @AfterEach
  void stop() {
    mesh.close();
  }

  @Test
  void thousandMessagesEachWayArriveOnceInOrder() throws Exception {
    long started = System.nanoTime();
    Result r = exchange(UnaryOperator.identity());
    System.out.printf(
        "session exchange: %d messages each way and a clean close in %d ms, retransmitted %d/%d,"
            + " duplicates %d/%d (client/server)%n",
        COUNT,
        (System.nanoTime() - started) / 1_000_000,
        r.client.retransmitted(),
        r.server.retransmitted(),
        r.client.duplicates(),
        r.server.duplicates());
    assertThat(r.server.duplicates())
        .as("only a retransmission can repeat a frame")
        .isLessThanOrEqualTo(r.client.retransmitted());
    assertThat(r.client.duplicates()).isLessThanOrEqualTo(r.server.retransmitted());
    assertThat(r.server.malformed() + r.client.malformed()).isZero();
  }

  @Test
  void lostDataFramesAreRetransmitted() throws Exception {
    Result r = exchange(Mesh.lossy(0.2, 42));
    assertThat(r.server.retransmitted())
        .as("the server's lost frames were sent again")
        .isPositive();
    assertThat(r.client.retransmitted())
        .as("the client's lost frames were sent again")
        .isPositive();
  }

  @Test
  void duplicatedFramesAreSuppressed() throws Exception {
    exchange(Mesh.doubling());
    // the second copy of the last frames may still be on its way when the close completes
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .until(
            () ->
                lastServer.stats().duplicates() >= COUNT
                    && lastClient.stats().duplicates() >= COUNT);
  }

  @Test
  void aMalformedHeaderIsDroppedAndCountedAndTheSessionGoesOn() throws Exception {
    SessionEndpoint server = mesh.endpoint(Mesh.BOB, b -> b);
    Collector accepted = new Collector();
    server.accept(SERVICE, accepted);
    SessionEndpoint client = mesh.endpoint(Mesh.ALICE, b -> b);
    Collector back = new Collector();
    Session session = client.open(SERVICE, back);
    session.send("before".getBytes(UTF_8));

    FabricClient rogue = mesh.client(Mesh.ALICE);
    byte[] badVersion = SessionFrame.control(SessionFrame.Kind.ACK, 0, 7, 0, 0).encode();
    badVersion[0] = 9;
    rogue.publish(session.peer(), badVersion);
    rogue.publish(session.peer(), new byte[] {1, 3});
    session.send("after".getBytes(UTF_8));
    session.close();

    assertThat(session.closed().get(10, TimeUnit.SECONDS)).isEqualTo(CloseReason.LOCAL);
    assertThat(accepted.closed.get(10, TimeUnit.SECONDS)).isEqualTo(CloseReason.PEER);
    assertThat(accepted.messages()).containsExactly("before", "after");
    // The rogue's frames come over another connection: they may arrive after the session's.
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .until(() -> server.stats().malformed() == 2);
  }

  private record Result(SessionStats client, SessionStats server) {}

  private SessionEndpoint lastClient;
  private SessionEndpoint lastServer;

  /** Opens a session with {@code receive} wrapping both sides' receiving, 1,000 each way. */
  private Result exchange(UnaryOperator<Carrier> receive) throws Exception {
    // many retries: the retransmissions are what is tested here, not giving up on a machine so
    // loaded (a full test run) that a frame and its copies all wait out their timeouts
    SessionEndpoint server = mesh.endpoint(Mesh.BOB, b -> b.carrier(receive).maxRetries(60));
    Collector atServer = new Collector();
    server.accept(SERVICE, atServer);
    SessionEndpoint client = mesh.endpoint(Mesh.ALICE, b -> b.carrier(receive).maxRetries(60));
    Collector atClient = new Collector();
    Session out = client.open(SERVICE, atClient);
    Session in = atServer.opened.get(10, TimeUnit.SECONDS);
    assertThat(out.peer())
        .as("the session sticks to the instance that accepted")
        .isEqualTo(server.self());
    assertThat(in.peer()).isEqualTo(client.self());

    Thread back =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    for (int i = 0; i < COUNT; i++) {
                      in.send(("s" + i).getBytes(UTF_8));
                    }
                  } catch (SessionException e) {
                    throw new IllegalStateException(e);
                  }
                });
    for (int i = 0; i < COUNT; i++) {
      out.send(("c" + i).getBytes(UTF_8));
    }
    back.join();
    out.close();

    assertThat(out.closed().get(30, TimeUnit.SECONDS)).isEqualTo(CloseReason.LOCAL);
    assertThat(atServer.closed.get(30, TimeUnit.SECONDS)).isEqualTo(CloseReason.PEER);
    assertThat(atServer.messages()).isEqualTo(numbered("c"));
    assertThat(atClient.messages()).isEqualTo(numbered("s"));
    assertThat(client.sessions()).isEmpty();
    assertThat(server.sessions()).isEmpty();
    lastClient = client;
    lastServer = server;
    return new Result(client.stats(), server.stats());
  }

  private static List<String> numbered(String prefix) {
    List<String> all = new ArrayList<>();
    for (int i = 0; i < COUNT; i++) {
      all.add(prefix + i);
    }
    return all;
  }
}
