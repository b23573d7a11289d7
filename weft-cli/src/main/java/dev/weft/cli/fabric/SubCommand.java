package dev.weft.cli.fabric;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.cli.CliException;
import dev.weft.fabric.ErrorCode;
import dev.weft.fabric.FabricException;
import dev.weft.fabric.Name;
import dev.weft.fabric.client.Message;
import dev.weft.fabric.client.Subscription;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code weft fabric sub --node ADDR NAME [--count N]}. */
@Command(
    name = "sub",
    mixinStandardHelpOptions = true,
    description =
        "Subscribe to a name and print each message as it arrives: its name and its payload as UTF-8 "
            + "text (or one JSON object per line with --output json). Exits after --count messages, or runs "
            + "until Ctrl-C. The identity comes from the Workload API; the node's policy decides whether it "
            + "may subscribe (a refusal names the rule, exit 1).")
public final class SubCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @CommandLine.Mixin ClientOptions client;

  @Parameters(
      index = "0",
      paramLabel = "NAME",
      description =
          "org/namespace/service (anycast and multicast to the service) or"
              + " org/namespace/service/id (unicast to one instance).")
  String name;

  @Option(
      names = "--count",
      defaultValue = "0",
      paramLabel = "N",
      description = "Exit after N messages (default: 0, never).")
  int count;

  @Option(
      names = "--output",
      defaultValue = "text",
      paramLabel = "FORMAT",
      description =
          "text (NAME: payload) or json (one object per line) (default: ${DEFAULT-VALUE}).")
  String output;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws CliException, InterruptedException {
    Name subject = Args.name(name);
    if (count < 0) {
      throw new CliException("--count: " + count + " (expected: >= 0)", null, FabricCommand.USAGE);
    }
    boolean json =
        switch (output) {
          case "json" -> true;
          case "text" -> false;
          default ->
              throw new CliException(
                  "--output: \"" + output + "\" (expected: text or json)",
                  null,
                  FabricCommand.USAGE);
        };
    // The handler runs on the client's I/O thread and must not block: it hands messages over.
    BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    PrintWriter out = spec.commandLine().getOut();
    try (ClientOptions.Connected connected = client.connect(events::add)) {
      Subscription subscription;
      try {
        subscription = connected.client().subscribe(subject, events::add);
      } catch (FabricException e) {
        throw new CliException("subscribe " + subject + ": " + e.getMessage(), e);
      }
      try (subscription) {
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
          out.println(format((Message) event, json));
          out.flush();
          received++;
        }
      }
    }
    return 0;
  }

  /** One message as {@code sub} prints it. */
  static String format(Message message, boolean json) {
    String text = new String(message.payload(), StandardCharsets.UTF_8);
    if (!json) {
      return message.name() + ": " + text;
    }
    ObjectNode line =
        JSON.createObjectNode()
            .put("name", message.name().toString())
            .put("payload", text)
            .put("multicast", message.multicast());
    message.source().ifPresent(s -> line.put("source", s.toString()));
    if (!message.metadata().isEmpty()) {
      ObjectNode metadata = line.putObject("metadata");
      message.metadata().forEach(metadata::put);
    }
    return line.toString();
  }
}
