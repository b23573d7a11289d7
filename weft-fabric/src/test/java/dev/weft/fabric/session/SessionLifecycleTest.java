package dev.weft.fabric.session;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.fabric.Name;
import dev.weft.testing.MutableClock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Close from either side, idle timeout, request/reply and its refusals, on a real node. */
class SessionLifecycleTest {

  private static final Name SERVICE = Name.parse("a.test/echo/svc");

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
  void theAcceptingSideClosesAfterItsMessagesArrive() throws Exception {
    SessionEndpoint server = mesh.endpoint(Mesh.BOB, b -> b);
    Collector atServer = new Collector();
    server.accept(SERVICE, atServer);
    Collector atClient = new Collector();
    Session out = mesh.endpoint(Mesh.ALICE, b -> b).open(SERVICE, atClient);
    Session in = atServer.opened.get(10, TimeUnit.SECONDS);

    in.send("one".getBytes(UTF_8));
    in.send("two".getBytes(UTF_8));
    in.close();

    assertThat(in.closed().get(10, TimeUnit.SECONDS)).isEqualTo(CloseReason.LOCAL);
    assertThat(out.closed().get(10, TimeUnit.SECONDS)).isEqualTo(CloseReason.PEER);
    assertThat(atClient.messages()).containsExactly("one", "two");
    assertThat(out.state()).isEqualTo(Session.State.CLOSED);
    assertThatThrownBy(() -> out.send(new byte[1]))
        .isInstanceOf(SessionException.class)
        .hasMessageEndingWith(": closed")
        .extracting(e -> ((SessionException) e).reason())
        .isEqualTo(SessionException.Reason.CLOSED);
  }

  @Test
  void whatTheAcceptingSideSendsOnOpenArrivesInOrder() throws Exception {
    SessionEndpoint server = mesh.endpoint(Mesh.BOB, b -> b);
    server.accept(
        SERVICE,
        new Collector() {
          @Override
          public void onOpen(Session session) {
            try {
              for (int i = 0; i < 100; i++) {
                session.send(("hello " + i).getBytes(UTF_8));
              }
              session.close();
            } catch (SessionException e) {
              throw new IllegalStateException(e);
            }
          }
        });
    Collector atClient = new Collector();
    Session out = mesh.endpoint(Mesh.ALICE, b -> b).open(SERVICE, atClient);

    assertThat(out.closed().get(20, TimeUnit.SECONDS)).isEqualTo(CloseReason.PEER);
    assertThat(atClient.messages())
        .isEqualTo(java.util.stream.IntStream.range(0, 100).mapToObj(i -> "hello " + i).toList());
  }

  @Test
  void bothSidesClosingAtOnceEndCleanly() throws Exception {
    SessionEndpoint server = mesh.endpoint(Mesh.BOB, b -> b);
    Collector atServer = new Collector();
    server.accept(SERVICE, atServer);
    Session out = mesh.endpoint(Mesh.ALICE, b -> b).open(SERVICE, new Collector());
    Session in = atServer.opened.get(10, TimeUnit.SECONDS);

    Thread other = Thread.ofVirtual().start(in::close);
    out.close();
    other.join();

    assertThat(out.closed().get(10, TimeUnit.SECONDS)).isIn(CloseReason.LOCAL, CloseReason.PEER);
    assertThat(in.closed().get(10, TimeUnit.SECONDS)).isIn(CloseReason.LOCAL, CloseReason.PEER);
  }

  @Test
  void anIdleSessionEndsOnBothSides() throws Exception {
    MutableClock clock = MutableClock.startingNow();
    Duration idle = Duration.ofSeconds(30);
    SessionEndpoint server =
        mesh.endpoint(
            Mesh.BOB, b -> b.clock(clock).idleTimeout(idle.multipliedBy(2)).manualTicks());
    Collector atServer = new Collector();
    server.accept(SERVICE, atServer);
    SessionEndpoint client =
        mesh.endpoint(Mesh.ALICE, b -> b.clock(clock).idleTimeout(idle).manualTicks());
    Collector atClient = new Collector();
    Session out = client.open(SERVICE, atClient);
    atServer.opened.get(10, TimeUnit.SECONDS);

    clock.advance(idle.minusSeconds(1));
    client.tick();
    server.tick();
    assertThat(out.state()).isEqualTo(Session.State.OPEN);

    clock.advance(Duration.ofSeconds(1));
    client.tick();
    assertThat(atClient.closed.get(10, TimeUnit.SECONDS)).isEqualTo(CloseReason.IDLE);
    assertThat(atServer.closed.get(10, TimeUnit.SECONDS))
        .as("the peer is told with a RESET")
        .isEqualTo(CloseReason.RESET);
    assertThat(client.sessions()).isEmpty();
    assertThat(server.sessions()).isEmpty();
  }

  @Test
  void requestsGetRepliesCorrelatedById() throws Exception {
    SessionEndpoint server = mesh.endpoint(Mesh.BOB, b -> b);
    server.accept(
        SERVICE,
        new Collector() {
          @Override
          public CompletableFuture<byte[]> onRequest(Session session, byte[] payload) {
            String text = new String(payload, UTF_8);
            if (text.startsWith("slow")) {
              return CompletableFuture.supplyAsync(
                  () -> ("late " + text).getBytes(UTF_8),
                  CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS));
            }
            return CompletableFuture.completedFuture(("echo " + text).getBytes(UTF_8));
          }
        });
    Session out = mesh.endpoint(Mesh.ALICE, b -> b).open(SERVICE, new Collector());

    CompletableFuture<byte[]> slow = out.request("slow".getBytes(UTF_8), Duration.ofSeconds(10));
    CompletableFuture<byte[]> quick = out.request("quick".getBytes(UTF_8), Duration.ofSeconds(10));
    assertThat(new String(quick.get(10, TimeUnit.SECONDS), UTF_8)).isEqualTo("echo quick");
    assertThat(new String(slow.get(10, TimeUnit.SECONDS), UTF_8)).isEqualTo("late slow");
    out.close();
  }

  @Test
  void aRequestPastItsDeadlineFailsAndItsLateReplyIsDropped() throws Exception {
    CompletableFuture<byte[]> never = new CompletableFuture<>();
    SessionEndpoint server = mesh.endpoint(Mesh.BOB, b -> b);
    server.accept(
        SERVICE,
        new Collector() {
          @Override
          public CompletableFuture<byte[]> onRequest(Session session, byte[] payload) {
            return never;
          }
        });
    SessionEndpoint client = mesh.endpoint(Mesh.ALICE, b -> b);
    Session out = client.open(SERVICE, new Collector());

    CompletableFuture<byte[]> reply = out.request(new byte[1], Duration.ofMillis(100));
    assertThatThrownBy(() -> reply.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(SessionException.class)
        .hasMessage(
            "session "
                + Long.toHexString(out.id())
                + " with "
                + out.peer()
                + ": no reply within the deadline");
    assertThat(((SessionException) reply.exceptionNow()).reason())
        .isEqualTo(SessionException.Reason.TIMEOUT);

    never.complete("too late".getBytes(UTF_8));
    out.send("marker".getBytes(UTF_8));
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> client.stats().lateReplies() == 1);
    assertThat(out.state()).isEqualTo(Session.State.OPEN);
  }

  @Test
  void refusedRequestsFailWithThePeersReason() throws Exception {
    SessionEndpoint server = mesh.endpoint(Mesh.BOB, b -> b);
    server.accept(SERVICE, new Collector());
    server.accept(
        Name.parse("a.test/echo/strict"),
        new Collector() {
          @Override
          public CompletableFuture<byte[]> onRequest(Session session, byte[] payload) {
            throw new IllegalArgumentException("payload: 1 byte (expected: a question)");
          }
        });
    SessionEndpoint client = mesh.endpoint(Mesh.ALICE, b -> b);
    Session plain = client.open(SERVICE, new Collector());
    Session strict = client.open(Name.parse("a.test/echo/strict"), new Collector());

    assertThatThrownBy(
            () -> plain.request(new byte[1], Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS))
        .cause()
        .isInstanceOf(SessionException.class)
        .hasMessage("refused by " + plain.peer() + ": no request handler");
    assertThatThrownBy(
            () -> strict.request(new byte[1], Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS))
        .cause()
        .hasMessage("refused by " + strict.peer() + ": payload: 1 byte (expected: a question)");
    assertThat(plain.state()).isEqualTo(Session.State.OPEN);
  }

  @Test
  void openingANameNobodyAcceptsIsRefusedByTheNode() throws Exception {
    SessionEndpoint client = mesh.endpoint(Mesh.ALICE, b -> b);
    assertThatThrownBy(() -> client.open(Name.parse("a.test/nobody/here"), new Collector()))
        .isInstanceOf(SessionException.class)
        .hasMessage("open a.test/nobody/here: no live subscriber or route for a.test/nobody/here")
        .extracting(e -> ((SessionException) e).reason())
        .isEqualTo(SessionException.Reason.REFUSED);
    assertThat(client.sessions()).isEmpty();
  }

  @Test
  void closingTheEndpointResetsItsSessions() throws Exception {
    SessionEndpoint server = mesh.endpoint(Mesh.BOB, b -> b);
    Collector atServer = new Collector();
    server.accept(SERVICE, atServer);
    SessionEndpoint client = mesh.endpoint(Mesh.ALICE, b -> b);
    Session out = client.open(SERVICE, new Collector());
    atServer.opened.get(10, TimeUnit.SECONDS);
    CompletableFuture<byte[]> pending = out.request(new byte[1], Duration.ofMinutes(1));

    client.close();

    assertThat(out.closed().get(10, TimeUnit.SECONDS)).isEqualTo(CloseReason.ENDPOINT_CLOSED);
    assertThat(pending).isCompletedExceptionally();
    assertThat(atServer.closed.get(10, TimeUnit.SECONDS)).isEqualTo(CloseReason.RESET);
    assertThatThrownBy(() -> client.open(SERVICE, new Collector()))
        .hasMessage("session endpoint: closed");
  }

  @Test
  void opensBeyondTheLimitOfAcceptedSessionsAreRefused() throws Exception {
    SessionEndpoint server = mesh.endpoint(Mesh.BOB, b -> b.maxAcceptedSessions(2));
    server.accept(SERVICE, new Collector());
    SessionEndpoint client = mesh.endpoint(Mesh.ALICE, b -> b);
    Session first = client.open(SERVICE, new Collector());
    client.open(SERVICE, new Collector());
    assertThatThrownBy(() -> client.open(SERVICE, new Collector()))
        .isInstanceOf(SessionException.class)
        .hasMessageContaining("at its limit of 2 accepted sessions");
    assertThat(server.stats().limited()).isEqualTo(1);
    first.close();
    assertThat(first.closed().get(10, TimeUnit.SECONDS)).isEqualTo(CloseReason.LOCAL);
    client.open(SERVICE, new Collector()); // room again
  }
}
