package dev.weft.cli.local;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.weft.cli.CliException;
import dev.weft.controller.api.ControllerClient;
import dev.weft.controller.api.ControllerClientException;
import dev.weft.controller.api.RouteView;
import dev.weft.fabric.FabricException;
import dev.weft.fabric.Name;
import dev.weft.fabric.client.FabricClient;
import dev.weft.fabric.mls.MlsMember;
import dev.weft.fabric.session.Session;
import dev.weft.fabric.session.SessionEndpoint;
import dev.weft.fabric.session.SessionException;
import dev.weft.fabric.session.SessionHandler;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.workloadapi.SvidSelector;
import dev.weft.identity.workloadapi.SvidSource;
import dev.weft.identity.workloadapi.SvidSourceConfig;
import dev.weft.identity.workloadapi.WorkloadApiEndpoint;
import dev.weft.identity.workloadapi.WorkloadApiException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Seed 003's Alice and Bob on the multicluster fabric. Alice, a receiver in {@code
 * cluster-a.example}, accepts MLS sessions on {@code cluster-a.example/agents/alice} through a
 * cluster-a node; Bob, a sender in {@code cluster-b.example}, connects to a cluster-b node, opens
 * an MLS session to her name and sends {@value #MESSAGES} requests, waiting for each reply. Each
 * has its own registration entry and takes its X.509-SVID (and the federated bundles) from its
 * domain's Workload API; each admits exactly the other's SPIFFE ID into the MLS group. The nodes in
 * between carry MLS ciphertext only.
 */
final class AliceAndBob {
  /** How many requests Bob sends. */
  static final int MESSAGES = 10;

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Duration REQUEST_DEADLINE = Duration.ofSeconds(10);

  /** What was counted: Bob's requests sent, Alice's requests received, Bob's replies received. */
  record Counts(int sent, int received, int replies) {
    /** The example's last line. */
    String summary() {
      return "multicluster: bob sent "
          + sent
          + ", alice received "
          + received
          + ", bob received "
          + replies
          + " replies";
    }
  }

  /** One of the two: who, where its Workload API is, and the node it connects to. */
  record Party(SpiffeId id, LocalDomain domain, String nodeId, SpiffeId nodeSpiffeId, String node) {
    String label() {
      return id.segments().getLast();
    }
  }

  private final Party alice;
  private final Party bob;
  private final Name name;
  private final PrintWriter out;
  private final AtomicInteger received = new AtomicInteger();

  AliceAndBob(Party alice, Party bob, PrintWriter out) {
    this.alice = alice;
    this.bob = bob;
    this.name = Name.parse(alice.id().trustDomain().name() + "/agents/" + alice.label());
    this.out = out;
  }

  /** The name Alice accepts sessions on. */
  Name name() {
    return name;
  }

  /**
   * Registers Alice's and Bob's entries in their trust servers, unless they exist (the example
   * registers them while its nodes start), and waits for their SVIDs.
   */
  private void register() throws CliException, InterruptedException {
    for (Party p : List.of(alice, bob)) {
      p.domain().registerWorkload(p.id(), "seed 003's " + p.label());
    }
    for (Party p : List.of(alice, bob)) {
      p.domain().awaitWorkload(p.id());
    }
  }

  /**
   * Runs the conversation: both registered, Alice accepts, the controller installs the routes, Bob
   * sends and waits for every reply; prints each message, reply and the routes of Alice's name.
   * Returns the counts, also when a step failed (then with the failure printed on {@code err}).
   */
  Counts run(ControllerClient controller, PrintWriter err) throws InterruptedException {
    int sent = 0;
    int replies = 0;
    // The MLS group of a session has two members: each side admits itself and the other only.
    Predicate<SpiffeId> aliceAdmits = Set.of(alice.id(), bob.id())::contains;
    Predicate<SpiffeId> bobAdmits = Set.of(bob.id(), alice.id())::contains;
    try {
      register();
    } catch (CliException e) {
      fail(err, e.getMessage());
      return new Counts(0, 0, 0);
    }
    try (Member a = Member.connect(alice);
        Member b = Member.connect(bob)) {
      SessionEndpoint aliceSessions = a.endpoint(aliceAdmits);
      aliceSessions.accept(name, new AliceHandler());
      out.println(
          "alice: "
              + alice.id()
              + " on "
              + alice.nodeId()
              + " accepts MLS sessions on "
              + name
              + ", admitting into the MLS group only herself and "
              + bob.id());
      SessionEndpoint bobSessions = b.endpoint(bobAdmits);
      awaitRoutes(controller, a.client.instanceName(), b.client.instanceName());
      printRoutes(controller);
      out.println(
          "bob: "
              + bob.id()
              + " on "
              + bob.nodeId()
              + " opens an MLS session to "
              + name
              + ", admitting into the MLS group only himself and "
              + alice.id());
      out.flush();
      try (Session session = bobSessions.open(name, (s, payload) -> {})) {
        for (int i = 1; i <= MESSAGES; i++) {
          String text = "hello " + i;
          CompletableFuture<byte[]> reply = session.request(text.getBytes(UTF_8), REQUEST_DEADLINE);
          sent++;
          String answer =
              new String(reply.get(REQUEST_DEADLINE.toSeconds() + 5, TimeUnit.SECONDS), UTF_8);
          replies++;
          out.println(
              "bob: sent \""
                  + text
                  + "\", reply \""
                  + answer
                  + "\" (epoch "
                  + session.epoch()
                  + ") from "
                  + session.peerIdentity().map(SpiffeId::toString).orElse("(unauthenticated)"));
          out.flush();
        }
      }
    } catch (CliException | SessionException | FabricException | ControllerClientException e) {
      fail(err, e.getMessage());
    } catch (ExecutionException e) {
      fail(err, "a request to " + name + " failed: " + e.getCause().getMessage());
    } catch (TimeoutException e) {
      fail(err, "no reply from " + name + " within " + REQUEST_DEADLINE.toSeconds() + "s");
    }
    return new Counts(sent, received.get(), replies);
  }

  private static void fail(PrintWriter err, String message) {
    err.println("weft: multicluster: alice and bob: " + message);
    err.flush();
  }

  /** Alice: prints each request with its epoch and Bob's MLS-authenticated ID, and answers it. */
  private final class AliceHandler implements SessionHandler {
    @Override
    public void onMessage(Session session, byte[] payload) {
      out.println("alice: message \"" + new String(payload, UTF_8) + "\" (not a request)");
      out.flush();
    }

    @Override
    public CompletableFuture<byte[]> onRequest(Session session, byte[] payload) {
      received.incrementAndGet();
      String text = new String(payload, UTF_8);
      String answer = "got " + text;
      out.println(
          "alice: received \""
              + text
              + "\" (epoch "
              + session.epoch()
              + ") from "
              + session.peerIdentity().map(SpiffeId::toString).orElse("(unauthenticated)")
              + "; replying \""
              + answer
              + "\"");
      out.flush();
      return CompletableFuture.completedFuture(answer.getBytes(UTF_8));
    }
  }

  /**
   * Waits until the controller has installed what the conversation needs: Alice's name and her
   * instance name on Bob's node, Bob's instance name on Alice's node.
   */
  private void awaitRoutes(ControllerClient controller, Name aliceInstance, Name bobInstance)
      throws CliException, InterruptedException {
    Instant deadline = Instant.now().plus(WAIT);
    String missing = "";
    while (Instant.now().isBefore(deadline)) {
      List<String> atBob = names(controller, bob.nodeId());
      List<String> atAlice = names(controller, alice.nodeId());
      missing = "";
      if (!atBob.contains(name.toString())) {
        missing += " " + name + " on " + bob.nodeId();
      }
      if (!atBob.contains(aliceInstance.toString())) {
        missing += " " + aliceInstance + " on " + bob.nodeId();
      }
      if (!atAlice.contains(bobInstance.toString())) {
        missing += " " + bobInstance + " on " + alice.nodeId();
      }
      if (missing.isEmpty()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new CliException(
        "the controller did not install the routes within "
            + WAIT.toSeconds()
            + "s (missing:"
            + missing
            + ")");
  }

  private static List<String> names(ControllerClient controller, String node) throws CliException {
    try {
      return controller.routes(node).stream().map(RouteView::name).toList();
    } catch (ControllerClientException e) {
      throw new CliException("fabric controller: " + e.getMessage(), e);
    }
  }

  /** The controller's routes for Alice's name, as {@code weft fabric route list} shows them. */
  private void printRoutes(ControllerClient controller) throws ControllerClientException {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("NODE", "NAME", "NEXT HOPS"));
    for (RouteView r : controller.routes(null)) {
      if (r.name().equals(name.toString())) {
        rows.add(List.of(r.node(), r.name(), String.join(",", r.nextHops())));
      }
    }
    out.println(
        "multicluster: routes the controller installed for "
            + name
            + " when alice subscribed ("
            + (rows.size() - 1)
            + "):");
    int[] widths = new int[3];
    for (List<String> row : rows) {
      for (int c = 0; c < widths.length; c++) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    for (List<String> row : rows) {
      out.printf(
          "  %-" + widths[0] + "s   %-" + widths[1] + "s   %s%n",
          row.get(0),
          row.get(1),
          row.get(2));
    }
    out.flush();
  }

  /** A party's Workload API source, fabric client and session endpoint; closed in reverse. */
  private static final class Member implements AutoCloseable {
    private final SvidSource identity;
    private final FabricClient client;
    private SessionEndpoint endpoint;

    private Member(SvidSource identity, FabricClient client) {
      this.identity = identity;
      this.client = client;
    }

    static Member connect(Party p) throws CliException {
      WorkloadApiEndpoint socket = WorkloadApiEndpoint.ofSocket(p.domain().workloadSocket());
      SvidSource identity;
      try {
        identity =
            SvidSource.start(
                socket,
                SvidSourceConfig.builder()
                    .startTimeout(Duration.ofSeconds(30))
                    .svidSelector(SvidSelector.byId(p.id()))
                    .build());
      } catch (WorkloadApiException e) {
        throw new CliException(
            p.label() + ": Workload API at " + socket + ": " + e.getMessage(), e);
      }
      try {
        return new Member(
            identity,
            FabricClient.builder(identity)
                .node(p.node())
                .expectNode(p.nodeSpiffeId())
                .connectTimeout(Duration.ofSeconds(30))
                .connect());
      } catch (FabricException e) {
        identity.close();
        throw new CliException(
            p.label() + ": fabric node " + p.nodeId() + " at " + p.node() + ": " + e.getMessage(),
            e);
      }
    }

    SessionEndpoint endpoint(Predicate<SpiffeId> admit) throws CliException {
      try {
        endpoint = SessionEndpoint.builder(client).mls(MlsMember.of(identity), admit).start();
        return endpoint;
      } catch (FabricException e) {
        throw new CliException("session endpoint: " + e.getMessage(), e);
      }
    }

    @Override
    public void close() {
      if (endpoint != null) {
        endpoint.close();
      }
      client.close();
      identity.close();
    }
  }
}
