package dev.weft.cli.trust;

import dev.weft.cli.CliException;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.proto.trust.v1.Agent;
import dev.weft.proto.trust.v1.BanAgentRequest;
import dev.weft.proto.trust.v1.EvictAgentRequest;
import dev.weft.proto.trust.v1.GetAgentRequest;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code weft trust agent show|evict|ban}, with SPIRE's meanings: evict deletes the attested agent,
 * which must attest again (with a new join token) before the server answers it; ban refuses the
 * agent's calls and its attestation until it is evicted.
 */
final class AgentAdminCommands {
  private AgentAdminCommands() {}

  /** The agent named by {@code --spiffe-id}, checked on the client for a clear usage error. */
  static final class AgentId {
    @Option(
        names = "--spiffe-id",
        required = true,
        paramLabel = "ID",
        description = "The SPIFFE ID of the agent (as weft trust agent list shows it).")
    String spiffeId;

    String checked(CommandLine.Model.CommandSpec spec) {
      try {
        return SpiffeId.parse(spiffeId).toString();
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--spiffe-id: " + e.getMessage());
      }
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show an attested agent.")
  static final class Show implements Callable<Integer> {
    @Mixin AdminOptions adminOptions;
    @Mixin OutputOptions output;
    @Mixin AgentId agent;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws CliException {
      String id = agent.checked(spec);
      Agent found;
      try (AdminOptions.Connection c = adminOptions.connect()) {
        found = c.admin().getAgent(GetAgentRequest.newBuilder().setSpiffeId(id).build());
      }
      PrintWriter out = spec.commandLine().getOut();
      if (output.json()) {
        OutputOptions.printJson(out, AgentListCommand.toMap(found));
        return 0;
      }
      out.println("Found an attested agent given its SPIFFE ID");
      out.println();
      AgentListCommand.print(out, found);
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "evict",
      mixinStandardHelpOptions = true,
      description =
          "Evict an attested agent: its calls are refused until it attests again with a new join token.")
  static final class Evict implements Callable<Integer> {
    @Mixin AdminOptions adminOptions;
    @Mixin AgentId agent;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws CliException {
      String id = agent.checked(spec);
      try (AdminOptions.Connection c = adminOptions.connect()) {
        c.admin().evictAgent(EvictAgentRequest.newBuilder().setSpiffeId(id).build());
      }
      spec.commandLine().getOut().println("Agent evicted successfully");
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  @Command(
      name = "ban",
      mixinStandardHelpOptions = true,
      description =
          "Ban an attested agent: its calls and its attestation are refused until it is evicted.")
  static final class Ban implements Callable<Integer> {
    @Mixin AdminOptions adminOptions;
    @Mixin AgentId agent;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws CliException {
      String id = agent.checked(spec);
      try (AdminOptions.Connection c = adminOptions.connect()) {
        c.admin().banAgent(BanAgentRequest.newBuilder().setSpiffeId(id).build());
      }
      spec.commandLine().getOut().println("Agent banned successfully");
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
