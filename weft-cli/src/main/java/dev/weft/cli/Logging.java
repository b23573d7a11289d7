package dev.weft.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.weft.config.LogLevel;
import org.slf4j.LoggerFactory;

/**
 * Log levels of the long-running commands, in weft-config's one {@link LogLevel} type. A command
 * logs warnings and errors only (the CLI's {@code logback.xml}); the commands that run a component
 * raise that to the component's configured level when they start.
 */
public final class Logging {
  private Logging() {}

  /**
   * Applies a trust component's configured {@code log_level}; {@code $WEFT_LOG_LEVEL} wins when
   * set.
   */
  public static void apply(LogLevel level) {
    String env = System.getenv("WEFT_LOG_LEVEL");
    if (env != null && !env.isBlank()) {
      return;
    }
    applyAgentLevel(level);
  }

  /**
   * Applies an agent's configured {@code observability.logging.level} (as its JSON logging does:
   * the file decides, not the environment).
   */
  public static void applyAgentLevel(LogLevel level) {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(level.name(), Level.INFO));
  }
}
