package dev.weft.trust.config;

import java.io.Serial;

/**
 * A configuration file cannot be read or holds an unknown key or a bad value. The message says
 * where and what, as {@code <file>:<line>: <dotted.key>: <problem> (expected: ...)}, and never
 * carries a secret (join tokens and database passwords are masked).
 */
public final class ConfigException extends Exception {
  @Serial private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
