package dev.weft.cli.fabric;

import dev.weft.cli.CliException;
import dev.weft.fabric.FabricException;
import dev.weft.fabric.Name;
import dev.weft.fabric.mls.MlsMember;
import dev.weft.fabric.session.CloseReason;
import dev.weft.fabric.session.Session;
import dev.weft.fabric.session.SessionEndpoint;
import dev.weft.fabric.session.SessionException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weft fabric session send --node ADDR --to NAME [--count N] [--message TEXT]}. */
@Command(
    name = "send",
    mixinStandardHelpOptions = true,
    description =
        "Open a session to a fabric name, send --message (as UTF-8) --count times, and close the"
            + " session cleanly. With --request each is a request: its reply is printed, one line"
            + " each (a refusal or a missed deadline exits 1). Prints the session first: its id and"
            + " the peer's instance name (with --mls also the MLS epoch and the peer's SPIFFE ID).")
public final class SessionSendCommand implements Callable<Integer> {

  @CommandLine.Mixin ClientOptions client;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "NAME",
      description = "org/namespace/service (one instance, by anycast) or an instance name.")
  String to;

  @Option(
      names = "--count",
      defaultValue = "1",
      paramLabel = "N",
      description = "How many times to send (default: ${DEFAULT-VALUE}).")
  int count;

  @Option(
      names = "--message",
      defaultValue = "hello",
      paramLabel = "TEXT",
      description = "What to send (default: ${DEFAULT-VALUE}).")
  String message;

  @Option(names = "--request", description = "Send requests and print their replies.")
  boolean request;

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

  /** {@code --output}: text or json. */
  static boolean json(String output) throws CliException {
    return switch (output) {
      case "json" -> true;
      case "text" -> false;
      default ->
          throw new CliException(
              "--output: \"" + output + "\" (expected: text or json)", null, FabricCommand.USAGE);
    };
  }

  @Override
  public Integer call() throws CliException {
    Name target = Args.name(to);
    if (count < 1) {
      throw new CliException("--count: " + count + " (expected: >= 1)", null, FabricCommand.USAGE);
    }
    boolean json = json(output);
    Duration wait = Args.duration("--timeout", client.timeout);
    byte[] payload = message.getBytes(StandardCharsets.UTF_8);
    PrintWriter out = spec.commandLine().getOut();
    try (ClientOptions.Connected connected = client.connect(e -> {});
        SessionEndpoint sessions = endpoint(connected)) {
      Session session;
      try {
        session = sessions.open(target, (s, bytes) -> {});
      } catch (SessionException e) {
        throw new CliException("open a session to " + target + ": " + e.getMessage(), e);
      }
      try {
        out.println(line(json, "session", SessionView.of(session), null));
        out.flush();
        for (int i = 0; i < count; i++) {
          if (request) {
            byte[] reply = session.request(payload, wait).get();
            out.println(line(json, "reply", null, new String(reply, StandardCharsets.UTF_8)));
            out.flush();
          } else {
            session.send(payload);
          }
        }
      } catch (SessionException e) {
        throw new CliException("session to " + target + ": " + e.getMessage(), e);
      } catch (ExecutionException e) {
        throw new CliException(
            "request to " + target + ": " + e.getCause().getMessage(), e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CliException("interrupted", e);
      } finally {
        session.close();
      }
      CloseReason reason = closeReason(session);
      if (reason != CloseReason.LOCAL && reason != CloseReason.PEER) {
        throw new CliException("session to " + target + " did not close cleanly: " + reason);
      }
    }
    return 0;
  }

  private static CloseReason closeReason(Session session) throws CliException {
    try {
      return session.closed().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new CliException("the session did not close: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted", e);
    }
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

  /** The session line (view given) or a reply line (text given). */
  private static String line(boolean json, String kind, SessionView view, String text) {
    if (view != null) {
      if (json) {
        var node = new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(view);
        return ((com.fasterxml.jackson.databind.node.ObjectNode) node).put("kind", kind).toString();
      }
      String mls =
          view.encrypted() ? " (MLS epoch " + view.epoch() + ", " + view.peerIdentity() + ")" : "";
      return "session " + view.id() + " to " + view.peer() + mls;
    }
    if (json) {
      return new com.fasterxml.jackson.databind.ObjectMapper()
          .createObjectNode()
          .put("kind", kind)
          .put("payload", text)
          .toString();
    }
    return "reply: " + text;
  }
}
