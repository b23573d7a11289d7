package dev.weft.cli.fabric;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.cli.CliException;
import dev.weft.fabric.ErrorCode;
import dev.weft.fabric.FabricException;
import dev.weft.fabric.Name;
import dev.weft.fabric.client.Subscription;
import dev.weft.fabric.mls.MlsMember;
import dev.weft.fabric.session.Session;
import dev.weft.fabric.session.SessionEndpoint;
import dev.weft.fabric.session.SessionException;
import dev.weft.fabric.session.SessionHandler;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weft fabric session receive --node ADDR --name NAME [--count N] [--reply]}. */
@Command(
    name = "receive",
    mixinStandardHelpOptions = true,
    description =
        "Accept sessions on a fabric name and print each message and request as it arrives: the"
            + " session id, the peer's instance name (with --mls also the MLS epoch and the peer's"
            + " SPIFFE ID) and the payload as UTF-8 text, or one JSON object per line with --output"
            + " json. With --reply every request is answered with its own payload (an echo);"
            + " without it requests are refused. Exits after --count messages and requests once its"
            + " peers have closed their sessions (after --timeout it closes them cleanly itself), or"
            + " runs until Ctrl-C. --admin-socket serves the sessions to"
            + " 'weft fabric session list'.")
public final class SessionReceiveCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @CommandLine.Mixin ClientOptions client;

  @Option(
      names = "--name",
      required = true,
      paramLabel = "NAME",
      description = "The name to accept sessions on, org/namespace/service.")
  String name;

  @Option(
      names = "--count",
      defaultValue = "0",
      paramLabel = "N",
      description = "Exit after N messages and requests (default: 0, never).")
  int count;

  @Option(names = "--reply", description = "Answer each request with its payload (an echo).")
  boolean reply;

  @Option(
      names = "--admin-socket",
      paramLabel = "PATH",
      description =
          "Serve the open sessions on this unix socket (mode 0600, this user only) for"
              + " 'weft fabric session list --admin-socket PATH'.")
  Path adminSocket;

  @Option(
      names = "--mls",
      description =
          "Encrypt every session with MLS, the SVID as credential; a peer is admitted when its"
              + " SVID chains to the Workload API's bundles (own or federated trust domain). Both"
              + " sides must use it.")
  boolean mls;

  @Option(
      names = "--output",
      defaultValue = "text",
      paramLabel = "FORMAT",
      description = "text or json (one object per line) (default: ${DEFAULT-VALUE}).")
  String output;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** A message or request handed from the delivery thread to the command's thread. */
  private record Event(Session session, byte[] payload, CompletableFuture<byte[]> answer) {}

  @Override
  public Integer call() throws CliException, InterruptedException {
    Name subject = Args.name(name);
    if (subject.isInstance()) {
      throw new CliException(
          "--name: " + subject + " (expected: a service name org/namespace/service)",
          null,
          FabricCommand.USAGE);
    }
    if (count < 0) {
      throw new CliException("--count: " + count + " (expected: >= 0)", null, FabricCommand.USAGE);
    }
    boolean json = SessionSendCommand.json(output);
    BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    PrintWriter out = spec.commandLine().getOut();
    try (ClientOptions.Connected connected = client.connect(events::add);
        SessionEndpoint sessions = endpoint(connected)) {
      Subscription accepting;
      try {
        accepting = sessions.accept(subject, handler(events));
      } catch (FabricException e) {
        throw new CliException("accept sessions on " + subject + ": " + e.getMessage(), e);
      }
      try (accepting;
          SessionAdmin admin = adminSocket == null ? null : admin(sessions)) {
        if (admin != null) {
          spec.commandLine().getErr().println("weft: sessions listed on " + admin.path());
          spec.commandLine().getErr().flush();
        }
        int received = 0;
        while (count == 0 || received < count) {
          Object event = events.take();
          if (event instanceof FabricException e && e.code() == ErrorCode.UNAVAILABLE) {
            // the node went away: the client reconnects and subscribes again on its own
            spec.commandLine().getErr().println("weft: " + e.getMessage());
            spec.commandLine().getErr().flush();
            continue;
          }
          if (event instanceof FabricException e) {
            throw new CliException("fabric node " + client.node + ": " + e.getMessage(), e);
          }
          Event e = (Event) event;
          out.println(format(e, json));
          out.flush();
          if (e.answer() != null) {
            if (reply) {
              e.answer().complete(e.payload()); // sends the reply before the loop goes on
            } else {
              e.answer()
                  .completeExceptionally(
                      new SessionException(
                          SessionException.Reason.REFUSED,
                          "weft fabric session receive runs without --reply"));
            }
          }
          received++;
        }
        // The peers close their sessions once they have what they wait for (a reply completed
        // above may still be on its way out); after --timeout the rest are closed from here.
        long until = System.nanoTime() + Args.duration("--timeout", client.timeout).toNanos();
        for (Session s : sessions.sessions()) {
          try {
            s.closed().get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
          } catch (ExecutionException | TimeoutException e) {
            break;
          }
        }
        sessions.sessions().forEach(Session::close);
      }
    }
    return 0;
  }

  private SessionEndpoint endpoint(ClientOptions.Connected connected) throws CliException {
    try {
      SessionEndpoint.Builder b = SessionEndpoint.builder(connected.client());
      if (mls) {
        b.mls(MlsMember.of(connected.identity()), id -> true);
      }
      return b.start();
    } catch (FabricException e) {
      throw new CliException("fabric node " + client.node + ": " + e.getMessage(), e);
    }
  }

  private SessionAdmin admin(SessionEndpoint sessions) throws CliException {
    try {
      return SessionAdmin.start(
          adminSocket, () -> sessions.sessions().stream().map(SessionView::of).toList());
    } catch (IOException e) {
      throw new CliException("--admin-socket: " + e.getMessage(), e, FabricCommand.USAGE);
    }
  }

  /** Hands every message and request to the command's thread (the delivery thread must go on). */
  private static SessionHandler handler(BlockingQueue<Object> events) {
    return new SessionHandler() {
      @Override
      public void onMessage(Session session, byte[] payload) {
        events.add(new Event(session, payload, null));
      }

      @Override
      public CompletableFuture<byte[]> onRequest(Session session, byte[] payload) {
        CompletableFuture<byte[]> answer = new CompletableFuture<>();
        events.add(new Event(session, payload, answer));
        return answer;
      }
    };
  }

  /** One message or request as {@code receive} prints it. */
  private static String format(Event event, boolean json) {
    SessionView view = SessionView.of(event.session());
    String kind = event.answer() == null ? "message" : "request";
    String text = new String(event.payload(), StandardCharsets.UTF_8);
    if (json) {
      ObjectNode line =
          JSON.createObjectNode()
              .put("session", view.id())
              .put("peer", view.peer())
              .put("kind", kind)
              .put("payload", text)
              .put("encrypted", view.encrypted())
              .put("epoch", view.epoch());
      if (view.peerIdentity() != null) {
        line.put("peer_identity", view.peerIdentity());
      }
      return line.toString();
    }
    String mls =
        view.encrypted() ? " (MLS epoch " + view.epoch() + ", " + view.peerIdentity() + ")" : "";
    return "session " + view.id() + " from " + view.peer() + mls + " " + kind + ": " + text;
  }
}
