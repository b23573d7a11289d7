package dev.weft.cli.fabric;

import dev.weft.cli.CliException;
import dev.weft.controller.api.Json;
import dev.weft.controller.api.SegmentView;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code weft fabric segment add|list|remove}: tenant segments, via the controller. */
@Command(
    name = "segment",
    mixinStandardHelpOptions = true,
    description = {
      "Segments isolate tenants: the nodes of a segment's domains are linked with its topology",
      "(mesh, star or pairs), and names subscribed in one segment are never routed into another."
    },
    subcommands = {
      SegmentCommand.Add.class,
      SegmentCommand.ListSegments.class,
      SegmentCommand.Remove.class
    })
public final class SegmentCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  private static final List<String> HEADERS =
      List.of("NAME", "TOPOLOGY", "HUB", "DOMAINS", "NODES");

  private static List<String> cells(SegmentView s) {
    return List.of(
        s.name(),
        s.topology(),
        s.hub().isEmpty() ? "-" : s.hub(),
        s.domains().isEmpty() ? "-" : String.join(",", s.domains()),
        Integer.toString(s.nodes()));
  }

  /** {@code weft fabric segment add NAME [--topology T] [--hub ID]}. */
  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = "Create a segment, or change an existing one's topology.")
  static final class Add implements Callable<Integer> {
    @CommandLine.Mixin CallOptions options;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The segment's name.")
    String name;

    @Option(
        names = "--topology",
        defaultValue = "mesh",
        paramLabel = "TOPOLOGY",
        description = "mesh, star or pairs (default: ${DEFAULT-VALUE}).")
    String topology;

    @Option(
        names = "--hub",
        paramLabel = "ID",
        description = "A star's hub node (default: the first connected node by id).")
    String hub;

    @Override
    public Integer call() throws CliException {
      boolean json = options.json();
      SegmentView s = options.call(c -> c.putSegment(name, topology, hub));
      return Listing.rows(
          json,
          spec.commandLine().getOut(),
          List.of(s),
          Json.MAPPER,
          HEADERS,
          SegmentCommand::cells);
    }
  }

  /** {@code weft fabric segment list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List segments.")
  static final class ListSegments implements Callable<Integer> {
    @CommandLine.Mixin CallOptions options;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws CliException {
      return Listing.ask(
          options.controller,
          options.json(),
          options.timeout(),
          spec.commandLine().getOut(),
          c -> c.segments(),
          HEADERS,
          SegmentCommand::cells);
    }
  }

  /** {@code weft fabric segment remove NAME}. */
  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      description = "Remove a segment no domain uses.")
  static final class Remove implements Callable<Integer> {
    @CommandLine.Mixin CallOptions options;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The segment's name.")
    String name;

    @Override
    public Integer call() throws CliException {
      options.json();
      options.call(
          c -> {
            c.removeSegment(name);
            return null;
          });
      spec.commandLine().getOut().println("weft: segment " + name + " removed");
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
