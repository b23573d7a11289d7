package dev.weft.cli.fabric;

import dev.weft.cli.CliException;
import dev.weft.controller.api.DomainView;
import dev.weft.controller.api.Json;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code weft fabric domain add|list|remove}: the domains nodes register into. */
@Command(
    name = "domain",
    mixinStandardHelpOptions = true,
    description = {
      "Domains (SLIM's group names): a node registers into one (its node.domain), and each domain",
      "belongs to one segment. A node of an unknown domain is refused."
    },
    subcommands = {
      DomainCommand.Add.class,
      DomainCommand.ListDomains.class,
      DomainCommand.Remove.class
    })
public final class DomainCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  private static final List<String> HEADERS = List.of("NAME", "SEGMENT", "NODES");

  private static List<String> cells(DomainView d) {
    return List.of(d.name(), d.segment(), Integer.toString(d.nodes()));
  }

  /** {@code weft fabric domain add NAME [--segment S]}. */
  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = "Create a domain, or move it to another segment.")
  static final class Add implements Callable<Integer> {
    @CommandLine.Mixin CallOptions options;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The domain's name.")
    String name;

    @Option(
        names = "--segment",
        defaultValue = "default",
        paramLabel = "SEGMENT",
        description = "Its segment (default: ${DEFAULT-VALUE}).")
    String segment;

    @Override
    public Integer call() throws CliException {
      boolean json = options.json();
      DomainView d = options.call(c -> c.putDomain(name, segment));
      return Listing.rows(
          json,
          spec.commandLine().getOut(),
          List.of(d),
          Json.MAPPER,
          HEADERS,
          DomainCommand::cells);
    }
  }

  /** {@code weft fabric domain list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List domains.")
  static final class ListDomains implements Callable<Integer> {
    @CommandLine.Mixin CallOptions options;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws CliException {
      return Listing.ask(
          options.controller,
          options.json(),
          options.timeout(),
          spec.commandLine().getOut(),
          c -> c.domains(),
          HEADERS,
          DomainCommand::cells);
    }
  }

  /** {@code weft fabric domain remove NAME}. */
  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      description = "Remove a domain without nodes.")
  static final class Remove implements Callable<Integer> {
    @CommandLine.Mixin CallOptions options;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The domain's name.")
    String name;

    @Override
    public Integer call() throws CliException {
      options.json();
      options.call(
          c -> {
            c.removeDomain(name);
            return null;
          });
      spec.commandLine().getOut().println("weft: domain " + name + " removed");
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
