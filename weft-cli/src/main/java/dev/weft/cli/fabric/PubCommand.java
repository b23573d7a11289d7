package dev.weft.cli.fabric;

import dev.weft.cli.CliException;
import dev.weft.fabric.FabricException;
import dev.weft.fabric.Name;
import dev.weft.fabric.client.FabricClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code weft fabric pub --node ADDR NAME TEXT}. */
@Command(
    name = "pub",
    mixinStandardHelpOptions = true,
    description =
        "Publish TEXT (as UTF-8) to a name: to one subscriber of a service (anycast, local first), to "
            + "one instance (unicast, a 4-component name), or to every subscriber with --multicast. Waits "
            + "until the node has taken the message; a refusal (denied, naming the rule; undeliverable) is "
            + "printed and exits 1. The identity comes from the Workload API.")
public final class PubCommand implements Callable<Integer> {

  @CommandLine.Mixin ClientOptions client;

  @Parameters(
      index = "0",
      paramLabel = "NAME",
      description = "org/namespace/service or org/namespace/service/id.")
  String name;

  @Parameters(index = "1", paramLabel = "TEXT", description = "The message.")
  String text;

  @Option(names = "--multicast", description = "Deliver to every subscriber of NAME.")
  boolean multicast;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws CliException {
    Name subject = Args.name(name);
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    List<FabricException> refusals = new CopyOnWriteArrayList<>();
    try (ClientOptions.Connected connected = client.connect(refusals::add)) {
      FabricClient fabric = connected.client();
      try {
        if (multicast) {
          fabric.multicast(subject, payload);
        } else {
          fabric.publish(subject, payload);
        }
      } catch (FabricException e) {
        throw new CliException("publish " + subject + ": " + e.getMessage(), e);
      }
      barrier(fabric);
      if (!refusals.isEmpty()) {
        throw new CliException(
            "publish " + subject + ": " + refusals.getFirst().getMessage(), refusals.getFirst());
      }
    }
    return 0;
  }

  /**
   * Waits until the node has handled everything sent before: the node answers a connection's frames
   * in order, so once it has answered a subscribe sent after the publish, any refusal of the
   * publish has arrived. The barrier's own answer (allowed or denied) does not matter.
   */
  private static void barrier(FabricClient fabric) {
    Name self = fabric.instanceName();
    Name probe =
        Name.instance(self.org(), "weft-cli", "pub", UUID.randomUUID().toString().substring(0, 8));
    try {
      fabric.subscribe(probe, m -> {}).close();
    } catch (FabricException e) {
      // refused or failed: the node has still answered, which is all the barrier needs
    }
  }
}
