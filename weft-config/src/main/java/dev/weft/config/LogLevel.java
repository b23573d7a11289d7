package dev.weft.config;

import java.util.Locale;

/**
 * How much a component logs, from most to least: the one log-level type of Weft, used by the trust
 * server's and the node agent's {@code log_level}, the agent's {@code observability.logging.level}
 * and the command line. Written in lower case in files ({@code info}); any case is accepted.
 */
public enum LogLevel {
  /** {@code trace}. */
  TRACE,
  /** {@code debug}. */
  DEBUG,
  /** {@code info}: the default. */
  INFO,
  /** {@code warn}. */
  WARN,
  /** {@code error}. */
  ERROR;

  /** The name in configuration files, for example {@code info}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
