package dev.weft.bench.fabric;

import dev.weft.bench.Latencies;
import dev.weft.fabric.FabricException;
import dev.weft.fabric.Name;
import dev.weft.fabric.client.FabricClient;
import dev.weft.fabric.mls.MlsMember;
import dev.weft.fabric.session.Session;
import dev.weft.fabric.session.SessionEndpoint;
import dev.weft.fabric.session.SessionException;
import dev.weft.fabric.session.SessionHandler;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.spiffeid.TrustDomain;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Request/reply in fabric sessions through two nodes in two trust domains, with and without MLS:
 * the responder ({@code spiffe://a.bench.weft/bench/alice}) accepts sessions on node A, the
 * requester ({@code spiffe://b.bench.weft/bench/bob}) opens them from node B, the two nodes in
 * their own JVMs linked by static routes, as in {@link WeftSide}. Both kinds run on the same nodes
 * and body; each MLS side admits exactly its own and the other side's SPIFFE ID into the group.
 */
final class SessionSide {
  private static final Duration DEADLINE = Duration.ofSeconds(10);

  /** What one kind of session measured. */
  record Figures(Latencies latencies, double requestsPerSecond) {
    double p50Micros() {
      return latencies.percentile(50) / 1e3;
    }

    double p99Micros() {
      return latencies.percentile(99) / 1e3;
    }
  }

  /** Plain and MLS figures, measured in alternating rounds; throughput with {@code inFlight}. */
  record Results(Figures plain, Figures mls, int inFlight) {}

  private SessionSide() {}

  static Results measure(Settings settings, PrintStream out) throws Exception {
    Pki pki = new Pki(WeftSide.A, WeftSide.B);
    Pki.Identity nodeA = pki.issue("spiffe://" + WeftSide.A + "/fabric-node/a");
    Pki.Identity nodeB = pki.issue("spiffe://" + WeftSide.B + "/fabric-node/b");
    Pki.Identity alice = pki.issue("spiffe://" + WeftSide.A + "/bench/alice");
    Pki.Identity bob = pki.issue("spiffe://" + WeftSide.B + "/bench/bob");
    Path dir = Files.createTempDirectory("weft-bench-sessions");
    try {
      pki.writePem(nodeA, dir, "node-a");
      pki.writePem(nodeB, dir, "node-b");
      Map<TrustDomain, Path> roots = pki.writeRoots(dir);
      int portA = ServerProcess.freePort();
      int portB = ServerProcess.freePort();
      WeftSide.writeConfig(
          dir.resolve("node-a.yaml"), "a", portA, WeftSide.B, portB, nodeB.id().toString());
      WeftSide.writeConfig(
          dir.resolve("node-b.yaml"), "b", portB, WeftSide.A, portA, nodeA.id().toString());
      try (ServerProcess processA = WeftSide.startNode(dir, "node-a", portA, roots);
          ServerProcess processB = WeftSide.startNode(dir, "node-b", portB, roots);
          // One client per endpoint: an endpoint takes every frame sent to its client's instance.
          FabricClient plainResponder = connect(alice, nodeA.id(), portA);
          FabricClient plainRequester = connect(bob, nodeB.id(), portB);
          FabricClient mlsResponder = connect(alice, nodeA.id(), portA);
          FabricClient mlsRequester = connect(bob, nodeB.id(), portB);
          SessionEndpoint plainIn = SessionEndpoint.builder(plainResponder).start();
          SessionEndpoint plainOut = SessionEndpoint.builder(plainRequester).start();
          SessionEndpoint mlsIn =
              SessionEndpoint.builder(mlsResponder)
                  .mls(MlsMember.of(alice.source()), Set.of(alice.id(), bob.id())::contains)
                  .start();
          SessionEndpoint mlsOut =
              SessionEndpoint.builder(mlsRequester)
                  .mls(MlsMember.of(bob.source()), Set.of(bob.id(), alice.id())::contains)
                  .start()) {
        out.println(
            "# sessions: node a on 127.0.0.1:"
                + portA
                + ", node b on 127.0.0.1:"
                + portB
                + " (own JVMs); "
                + bob.id()
                + " on b -> "
                + alice.id()
                + " on a");
        Name plainName = Name.parse(WeftSide.A + "/bench/session-plain");
        Name mlsName = Name.parse(WeftSide.A + "/bench/session-mls");
        plainIn.accept(plainName, new Echo());
        mlsIn.accept(mlsName, new Echo());
        byte[] body = settings.body();
        try (Session plain = open(plainOut, plainName);
            Session mls = open(mlsOut, mlsName)) {
          if (!mls.encrypted() || mls.peerIdentity().filter(alice.id()::equals).isEmpty()) {
            throw new IOException(
                "the MLS session is not encrypted with " + alice.id() + ": " + mls);
          }
          out.println(
              "# sessions: MLS epoch "
                  + mls.epoch()
                  + ", peer "
                  + mls.peerIdentity().map(SpiffeId::toString).orElse("?")
                  + "; warming up both");
          for (int i = 0; i < settings.sessionWarmup(); i++) {
            request(plain, body);
            request(mls, body);
          }
          // Two rounds each, alternating, so that a burst of load elsewhere hits both kinds.
          int half = Math.max(1, settings.sessionRequests() / 2);
          Latencies plain1 = Workloads.reqRep(b -> request(plain, b), body, 0, half);
          Latencies mls1 = Workloads.reqRep(b -> request(mls, b), body, 0, half);
          Latencies plain2 = Workloads.reqRep(b -> request(plain, b), body, 0, half);
          Latencies mls2 = Workloads.reqRep(b -> request(mls, b), body, 0, half);
          double plainRate = throughput(plain, body, settings);
          double mlsRate = throughput(mls, body, settings);
          check(processA);
          check(processB);
          return new Results(
              new Figures(merge(plain1, plain2), plainRate),
              new Figures(merge(mls1, mls2), mlsRate),
              settings.inFlight());
        }
      }
    } finally {
      try (var files = Files.list(dir)) {
        for (Path file : files.toList()) {
          Files.deleteIfExists(file);
        }
      }
      Files.deleteIfExists(dir);
    }
  }

  private static FabricClient connect(Pki.Identity who, SpiffeId node, int port)
      throws FabricException {
    return FabricClient.builder(who.source())
        .node(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
        .expectNode(node)
        .connectTimeout(DEADLINE)
        .sendTimeout(DEADLINE)
        .connect();
  }

  /**
   * Opens a session to {@code name}, again while the link between the nodes is still coming up (the
   * fabric refuses a name it cannot deliver yet), at most 30 s.
   */
  private static Session open(SessionEndpoint endpoint, Name name) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        return endpoint.open(name, (session, payload) -> {});
      } catch (SessionException e) {
        boolean transient_ =
            e.reason() == SessionException.Reason.REFUSED
                    && !e.getMessage().contains("policy")
                    && !e.getMessage().contains("MLS")
                || e.reason() == SessionException.Reason.UNREACHABLE;
        if (!transient_ || System.nanoTime() - deadline > 0) {
          throw new IOException("open " + name + ": " + e.getMessage(), e);
        }
        Thread.sleep(200);
      }
    }
  }

  private static void request(Session session, byte[] body) throws Exception {
    byte[] reply = session.request(body, DEADLINE).get(DEADLINE.toSeconds() + 1, TimeUnit.SECONDS);
    if (reply.length != body.length) {
      throw new IOException(
          "session reply of " + reply.length + " bytes (expected: " + body.length + ")");
    }
  }

  /**
   * {@code settings.sessionThroughput()} requests with at most {@code settings.inFlight()}
   * outstanding; requests per second from the first to the last reply.
   */
  private static double throughput(Session session, byte[] body, Settings settings)
      throws Exception {
    Semaphore room = new Semaphore(settings.inFlight());
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long start = System.nanoTime();
    for (int i = 0; i < settings.sessionThroughput() && failure.get() == null; i++) {
      if (!room.tryAcquire(DEADLINE.toSeconds() + 1, TimeUnit.SECONDS)) {
        throw new IOException("session throughput: no reply within " + DEADLINE);
      }
      CompletableFuture<byte[]> reply = session.request(body, DEADLINE);
      reply.whenComplete(
          (r, e) -> {
            if (e != null) {
              failure.compareAndSet(null, e);
            }
            room.release();
          });
    }
    if (!room.tryAcquire(settings.inFlight(), DEADLINE.toSeconds() + 1, TimeUnit.SECONDS)) {
      throw new IOException("session throughput: the last replies did not come");
    }
    long nanos = System.nanoTime() - start;
    if (failure.get() != null) {
      throw new IOException("session throughput: " + failure.get().getMessage(), failure.get());
    }
    return settings.sessionThroughput() / (nanos / 1e9);
  }

  private static Latencies merge(Latencies a, Latencies b) {
    long[] all = Arrays.copyOf(a.sorted(), a.count() + b.count());
    System.arraycopy(b.sorted(), 0, all, a.count(), b.count());
    return Latencies.of(all, a.wallNanos() + b.wallNanos());
  }

  private static void check(ServerProcess process) throws IOException {
    if (!process.alive()) {
      throw new IOException("a weft node died during the session run: " + process.tail());
    }
  }

  /** Answers every request with its own body. */
  private static final class Echo implements SessionHandler {
    @Override
    public void onMessage(Session session, byte[] payload) {}

    @Override
    public CompletableFuture<byte[]> onRequest(Session session, byte[] payload) {
      return CompletableFuture.completedFuture(payload);
    }
  }
}
