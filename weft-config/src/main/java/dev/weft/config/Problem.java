package dev.weft.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A configuration value that breaks a rule, found when a config type is built. A builder throws its
 * problems as one {@link IllegalArgumentException} ({@link #throwIfAny}); a reader reports the
 * first one with the file and line in front ({@link Section#error(Problem)}), the value shown as
 * the file wrote it.
 *
 * @param key the dotted key, for example {@code server.ca_ttl}
 * @param value the value as shown, {@value #MISSING} if there is none
 * @param expected what would be right
 * @param relatedKey a key whose line to point at when {@code key} is not in the file (because its
 *     default is what clashes with it)
 */
public record Problem(String key, String value, String expected, Optional<String> relatedKey) {
  /** The value shown for a key that has none. */
  public static final String MISSING = "missing";

  private static final String EXPECTED = " (expected: ";

  /** Nothing may be null. */
  public Problem {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(relatedKey, "relatedKey");
  }

  /** A problem without a related key. */
  public Problem(String key, String value, String expected) {
    this(key, value, expected, Optional.empty());
  }

  /** {@code key} has no value and needs one. */
  public static Problem missing(String key, String expected) {
    return new Problem(key, MISSING, expected);
  }

  /** {@code key: value (expected: ...)}. */
  public String message() {
    return key + ": " + value + EXPECTED + expected + ")";
  }

  /**
   * How a typed value appears in messages: text and paths quoted (with control characters escaped),
   * durations as {@code 1h30m}, null as {@value #MISSING}, anything else as its string.
   */
  public static String show(Object value) {
    return switch (value) {
      case null -> MISSING;
      case String s -> Yaml.quote(s);
      case Path p -> Yaml.quote(p.toString());
      case Duration d -> Durations.format(d);
      default -> value.toString();
    };
  }

  /**
   * Throws the problems as one {@link IllegalArgumentException}, their messages joined with {@code
   * "; "}, if there are any.
   */
  public static void throwIfAny(List<Problem> problems) {
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          String.join("; ", problems.stream().map(Problem::message).toList()));
    }
  }

  /**
   * What a message in the one format says is expected: the text between its first {@code (expected:
   * } and its last {@code )}; empty for a message in another form.
   */
  public static Optional<String> expectedIn(String message) {
    if (message == null) {
      return Optional.empty();
    }
    int start = message.indexOf(EXPECTED);
    if (start < 0 || !message.endsWith(")")) {
      return Optional.empty();
    }
    return Optional.of(message.substring(start + EXPECTED.length(), message.length() - 1));
  }
}
