package dev.weft.cli.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.agent.config.AgentConfig;
import dev.weft.agent.config.ConfigException;
import dev.weft.agent.runtime.AgentRuntime;
import dev.weft.cli.CliException;
import dev.weft.cli.Foreground;
import dev.weft.cli.Logging;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weft agent run|card}: an agent from its configuration file. */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    description = "Run an agent, or show its A2A agent card.",
    subcommands = {AgentCommand.Run.class, AgentCommand.Card.class})
public final class AgentCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static AgentConfig read(Path file) throws CliException {
    try {
      return AgentConfig.read(file, System.getenv());
    } catch (ConfigException e) {
      throw new CliException(e.getMessage(), e);
    }
  }

  /** {@code weft agent run}. */
  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description = {
        "Run an agent: its identity from the Workload API (the SVID of identity.spiffe_id), its",
        "capabilities (agent.class) served over SPIFFE mutual TLS, every call authorized by the",
        "configured policy. Stays up until SIGTERM or Ctrl-C. WEFT_<SECTION>_<KEY> environment",
        "variables override the file (see docs/agents.md)."
      })
  static final class Run implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE",
        description = "Agent configuration (YAML, seed 001's shape).")
    Path config;

    @Option(names = "--parent-pid", hidden = true, paramLabel = "PID",
        description = "Exit when this process exits.")
    Long parentPid;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws CliException, InterruptedException {
      AgentConfig agentConfig = read(config);
      Logging.applyAgentLevel(agentConfig.observability().logging().level().name());
      AgentRuntime runtime;
      try {
        runtime = AgentRuntime.start(agentConfig, AgentRuntime.instantiate(agentConfig),
            System.getenv());
      } catch (ConfigException e) {
        throw new CliException(e.getMessage(), e);
      }
      var err = spec.commandLine().getErr();
      err.println("weft: agent " + agentConfig.identity().spiffeId().map(Object::toString)
          .orElse("(first SVID)") + " serving on " + runtime.url());
      err.flush();
      Foreground.run(runtime, "agent", parentPid);
      return 0;
    }
  }

  /** {@code weft agent card}. */
  @Command(
      name = "card",
      mixinStandardHelpOptions = true,
      description = {
        "Print the agent's A2A agent card (what /.well-known/agent-card.json serves), built from",
        "the configuration and the agent class's capabilities. Needs no identity."
      })
  static final class Card implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE",
        description = "Agent configuration (YAML).")
    Path config;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws CliException {
      AgentConfig agentConfig = read(config);
      try {
        var card = AgentRuntime.card(agentConfig, AgentRuntime.instantiate(agentConfig));
        spec.commandLine().getOut().println(
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(card));
        spec.commandLine().getOut().flush();
        return 0;
      } catch (ConfigException e) {
        throw new CliException(e.getMessage(), e);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new CliException("the card could not be written: " + e.getOriginalMessage(), e);
      }
    }
  }
}
