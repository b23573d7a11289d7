package dev.weft.config;

import java.io.Serial;

/**
 * A configuration file cannot be read, or holds an unknown key or a bad value. The message says
 * where and what in one format: {@code <file>:<line>: <dotted.key>: <value> (expected: ...)} for
 * the file, {@code <VARIABLE>: "<value>" (expected: ...)} for an environment override; for example
 * {@code agent.yaml:12: server.port: 70000 (expected: an integer from 0 to 65535)}. It never
 * carries a secret: values registered with {@link Section#mask} are shown masked.
 */
public final class ConfigException extends Exception {
  @Serial private static final long serialVersionUID = 1L;

  /** An error with a message in the format above. */
  public ConfigException(String message) {
    super(message);
  }

  /** An error with a message in the format above, keeping its cause. */
  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
