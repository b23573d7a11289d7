package dev.weft.cli.trust;

import dev.weft.cli.CliException;
import dev.weft.cli.Foreground;
import dev.weft.cli.Logging;
import dev.weft.config.ConfigException;
import dev.weft.trust.config.NodeAgentConfig;
import dev.weft.trust.node.NodeAgent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weft trust agent run}: runs a node agent until SIGTERM or Ctrl-C. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run a node agent: attest to the trust server and serve the SPIFFE Workload API.",
      "The join token is read from --join-token, else $WEFT_JOIN_TOKEN, else the config file;",
      "it is only needed when the agent has no valid SVID stored in its data_dir."
    })
public final class AgentRunCommand implements Callable<Integer> {
  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "Agent configuration (YAML).")
  Path config;

  @Option(
      names = "--join-token",
      paramLabel = "TOKEN",
      description = "Join token (visible in the process list: prefer $WEFT_JOIN_TOKEN).")
  String joinToken;

  @Option(
      names = "--parent-pid",
      hidden = true,
      paramLabel = "PID",
      description = "Exit when this process exits.")
  Long parentPid;

  @Override
  public Integer call() throws CliException, InterruptedException {
    NodeAgentConfig agentConfig;
    try {
      agentConfig = NodeAgentConfig.load(config);
    } catch (ConfigException e) {
      throw new CliException(e.getMessage(), e);
    }
    Logging.apply(agentConfig.logLevel());
    String token = joinToken != null ? joinToken : System.getenv("WEFT_JOIN_TOKEN");
    if (token != null && !token.isBlank()) {
      agentConfig = agentConfig.toBuilder().joinToken(token.trim()).build();
    }
    NodeAgent agent;
    try {
      agent = NodeAgent.start(agentConfig);
    } catch (IOException e) {
      throw new CliException("node agent cannot start: " + e.getMessage(), e);
    }
    Foreground.run(agent, "node agent", parentPid);
    return 0;
  }
}
