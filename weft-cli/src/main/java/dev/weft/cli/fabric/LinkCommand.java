package dev.weft.cli.fabric;

import dev.weft.cli.CliException;
import dev.weft.controller.api.LinkView;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code weft fabric link add|list|remove}: explicit links between nodes, via the controller. */
@Command(
    name = "link",
    mixinStandardHelpOptions = true,
    description = {
      "Explicit links between two registered nodes of one segment, kept by the controller: the only",
      "links of a pairs segment, and extra ones in a mesh or star. See docs/fabric.md."
    },
    subcommands = {LinkCommand.Add.class, LinkCommand.ListLinks.class, LinkCommand.Remove.class})
public final class LinkCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  private static final List<String> HEADERS = List.of("A", "B", "STATE");

  private static List<String> cells(LinkView l) {
    return List.of(l.a(), l.b(), l.state());
  }

  /** {@code weft fabric link add A B}. */
  @Command(name = "add", mixinStandardHelpOptions = true, description = "Link node A and node B.")
  static final class Add implements Callable<Integer> {
    @CommandLine.Mixin CallOptions options;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "A", description = "A node id.")
    String a;

    @Parameters(index = "1", paramLabel = "B", description = "Another node id.")
    String b;

    @Override
    public Integer call() throws CliException {
      boolean json = options.json();
      LinkView link = options.call(c -> c.addLink(a, b));
      return Listing.rows(
          json,
          spec.commandLine().getOut(),
          List.of(link),
          dev.weft.controller.api.Json.MAPPER,
          HEADERS,
          LinkCommand::cells);
    }
  }

  /** {@code weft fabric link list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List explicit links.")
  static final class ListLinks implements Callable<Integer> {
    @CommandLine.Mixin CallOptions options;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws CliException {
      return Listing.ask(
          options.controller,
          options.json(),
          options.timeout(),
          spec.commandLine().getOut(),
          c -> c.links(),
          HEADERS,
          LinkCommand::cells);
    }
  }

  /** {@code weft fabric link remove A B}. */
  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      description = "Remove the explicit link between A and B.")
  static final class Remove implements Callable<Integer> {
    @CommandLine.Mixin CallOptions options;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "A", description = "A node id.")
    String a;

    @Parameters(index = "1", paramLabel = "B", description = "Another node id.")
    String b;

    @Override
    public Integer call() throws CliException {
      options.json();
      options.call(
          c -> {
            c.removeLink(a, b);
            return null;
          });
      spec.commandLine().getOut().println("weft: link " + a + " " + b + " removed");
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
