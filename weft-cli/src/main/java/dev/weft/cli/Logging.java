package dev.weft.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.weft.trust.config.LogLevel;
import org.slf4j.LoggerFactory;

/** Applies a component's configured {@code log_level}; {@code $WEFT_LOG_LEVEL} wins when set. */
public final class Logging {
  private Logging() {}

  public static void apply(LogLevel level) {
    String env = System.getenv("WEFT_LOG_LEVEL");
    if (env != null && !env.isBlank()) {
      return;
    }
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(level.configName(), Level.INFO));
  }
}
