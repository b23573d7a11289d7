package dev.weft.cli.fabric;

import dev.weft.agent.observability.ObservabilityConfig;
import dev.weft.agent.observability.ObservabilityConfig.LogFormat;
import dev.weft.agent.runtime.JsonLogging;
import dev.weft.cli.CliException;
import dev.weft.cli.Foreground;
import dev.weft.config.ConfigException;
import dev.weft.config.LogLevel;
import dev.weft.controller.Controller;
import dev.weft.controller.ControllerConfig;
import dev.weft.controller.ControllerException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weft fabric controller run}. */
@Command(
    name = "controller",
    mixinStandardHelpOptions = true,
    description = "Run the fabric controller.",
    subcommands = ControllerCommand.Run.class)
public final class ControllerCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code weft fabric controller run --config FILE}. */
  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description =
          "Run the fabric controller: nodes register on its southbound endpoint over SPIFFE mutual"
              + " TLS (each authorized by the Rego policy), it links them by their segment's topology"
              + " and installs routes when subscriptions appear; its JSON API listens on"
              + " northbound.endpoint (mutual TLS) and northbound.socket. State in SQLite or"
              + " PostgreSQL. Stays up until SIGTERM or Ctrl-C.")
  static final class Run implements Callable<Integer> {
    @Option(
        names = "--config",
        required = true,
        paramLabel = "FILE",
        description = "Controller configuration (YAML, see docs/fabric.md).")
    Path config;

    @Option(
        names = "--parent-pid",
        hidden = true,
        paramLabel = "PID",
        description = "Exit when this process exits.")
    Long parentPid;

    @Option(
        names = "--log-level",
        defaultValue = "info",
        paramLabel = "LEVEL",
        description = "trace, debug, info, warn or error (default: ${DEFAULT-VALUE}).")
    String logLevel;

    @Option(
        names = "--log-format",
        defaultValue = "json",
        paramLabel = "FORMAT",
        description = "json (one object per line) or text (default: ${DEFAULT-VALUE}).")
    String logFormat;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws CliException, InterruptedException {
      LogLevel level = NodeCommand.parse("--log-level", logLevel, LogLevel.class);
      LogFormat format = NodeCommand.parse("--log-format", logFormat, LogFormat.class);
      ControllerConfig controllerConfig;
      try {
        controllerConfig = ControllerConfig.read(config);
      } catch (ConfigException e) {
        throw new CliException(e.getMessage(), e, FabricCommand.USAGE);
      }
      JsonLogging.install(
          new ObservabilityConfig.Logging(
              level,
              format,
              Map.of("component", "fabric-controller", "controller", controllerConfig.id())));
      Controller controller;
      try {
        controller = Controller.start(controllerConfig);
      } catch (ControllerException e) {
        throw new CliException(config + ": " + e.getMessage(), e);
      }
      var err = spec.commandLine().getErr();
      err.println(
          "weft: fabric controller "
              + controllerConfig.id()
              + ": nodes connect to "
              + format(controller.southboundAddress())
              + controller.apiAddress().map(a -> ", API on " + format(a)).orElse("")
              + controller.adminSocket().map(p -> ", admin socket " + p).orElse(""));
      err.flush();
      Foreground.run(controller, "fabric controller", parentPid);
      return 0;
    }

    private static String format(InetSocketAddress a) {
      return a.getHostString() + ":" + a.getPort();
    }
  }
}
