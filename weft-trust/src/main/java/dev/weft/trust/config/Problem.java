package dev.weft.trust.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A configuration value that breaks a rule, found when a config type is built. The loader puts
 * the file and line in front; a builder throws it as an {@link IllegalArgumentException}.
 *
 * @param key the dotted key, for example {@code server.ca_ttl}
 * @param value the value as shown, {@code missing} if there is none
 * @param expected what would be right
 * @param relatedKey a key whose line to point at when {@code key} is not in the file (because
 *     its default is what clashes with it)
 */
record Problem(String key, String value, String expected, Optional<String> relatedKey) {
  static final String MISSING = "missing";

  Problem(String key, String value, String expected) {
    this(key, value, expected, Optional.empty());
  }

  static Problem missing(String key, String expected) {
    return new Problem(key, MISSING, expected);
  }

  /** {@code key: value (expected: ...)}. */
  String message() {
    return key + ": " + value + " (expected: " + expected + ")";
  }

  /** How a typed value appears in messages: text and paths quoted, durations as {@code 1h30m}. */
  static String show(Object value) {
    return switch (value) {
      case null -> MISSING;
      case String s -> Yaml.quote(s);
      case Path p -> Yaml.quote(p.toString());
      case Duration d -> Durations.format(d);
      default -> value.toString();
    };
  }

  /**
   * Throws the problems as one {@link IllegalArgumentException}, their messages joined with
   * {@code "; "}, if there are any.
   */
  static void throwIfAny(List<Problem> problems) {
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          String.join("; ", problems.stream().map(Problem::message).toList()));
    }
  }
}
