package dev.weft.trust.config;

import java.util.Locale;

/** How much a component logs: {@code log_level: debug|info|warn|error}. */
public enum LogLevel {
  DEBUG,
  INFO,
  WARN,
  ERROR;

  /** The name in configuration files, for example {@code info}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
