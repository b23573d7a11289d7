package dev.weft.cli.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.agent.config.AgentConfig;
import dev.weft.agent.runtime.AgentRuntime;
import dev.weft.cli.CliException;
import dev.weft.cli.Foreground;
import dev.weft.cli.Logging;
import dev.weft.config.ConfigException;
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

  /** Exit status for a bad configuration. */
  static final int BAD_CONFIG = 2;

  /** Reads the file; a bad file or value exits 2 with the file:line message. */
  static AgentConfig read(Path file) throws CliException {
    try {
      return AgentConfig.read(file, System.getenv());
    } catch (ConfigException e) {
      throw new CliException(e.getMessage(), e, BAD_CONFIG);
    }
  }

  /**
   * The agent object and its card, checked before anything starts: a configuration the card cannot
   * be built from (no agent class, no description) exits 2, naming the file.
   */
  static Object agent(Path file, AgentConfig config) throws CliException {
    try {
      Object agent = AgentRuntime.instantiate(config);
      AgentRuntime.card(config, agent);
      return agent;
    } catch (ConfigException e) {
      throw new CliException(file + ": " + e.getMessage(), e, BAD_CONFIG);
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
    @Option(
        names = "--config",
        required = true,
        paramLabel = "FILE",
        description = "Agent configuration (YAML, seed 001's shape).")
    Path config;

    @Option(
        names = "--parent-pid",
        hidden = true,
        paramLabel = "PID",
        description = "Exit when this process exits.")
    Long parentPid;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws CliException, InterruptedException {
      AgentConfig agentConfig = read(config);
      Logging.applyAgentLevel(agentConfig.observability().logging().level());
      Object agent = agent(config, agentConfig);
      AgentRuntime runtime;
      try {
        runtime = AgentRuntime.start(agentConfig, agent, System.getenv());
      } catch (ConfigException e) {
        throw new CliException(config + ": " + e.getMessage(), e);
      }
      var err = spec.commandLine().getErr();
      err.println(
          serving(
              agentConfig.identity().spiffeId().map(Object::toString).orElse("(first SVID)"),
              runtime.listenUrl(),
              runtime.url()));
      err.flush();
      Foreground.run(runtime, "agent", parentPid);
      return 0;
    }
  }

  /** The line {@code weft agent run} prints once it serves. */
  static String serving(String id, java.net.URI listening, java.net.URI advertised) {
    String line = "weft: agent " + id + " listening on " + listening;
    return advertised.equals(listening)
        ? line
        : line + ", advertised to other agents as " + advertised;
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
    @Option(
        names = "--config",
        required = true,
        paramLabel = "FILE",
        description = "Agent configuration (YAML).")
    Path config;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws CliException {
      AgentConfig agentConfig = read(config);
      try {
        var card = AgentRuntime.card(agentConfig, agent(config, agentConfig));
        spec.commandLine()
            .getOut()
            .println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(card));
        spec.commandLine().getOut().flush();
        return 0;
      } catch (ConfigException e) {
        throw new CliException(config + ": " + e.getMessage(), e, BAD_CONFIG);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new CliException("the card could not be written: " + e.getOriginalMessage(), e);
      }
    }
  }
}
