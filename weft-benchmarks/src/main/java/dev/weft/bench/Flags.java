package dev.weft.bench;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line flags of a benchmark: {@code --name value} or {@code --name=value}, and switches
 * given alone ({@code --quick}). Each benchmark reads the flags it knows with a default and then
 * calls {@link #rejectUnknown()}, so a mistyped flag fails instead of being silently ignored.
 */
public final class Flags {
  private final Map<String, String> values = new LinkedHashMap<>();
  private final Set<String> read = new HashSet<>();

  private Flags() {}

  /**
   * Parses {@code args}.
   *
   * @throws IllegalArgumentException naming the argument that is not a flag (a flag that needs a
   *     value and lacks one fails when the benchmark reads it)
   */
  public static Flags parse(List<String> args) {
    Flags flags = new Flags();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw new IllegalArgumentException(
            "argument: \"" + arg + "\" (expected: --name value or --name=value)");
      }
      int eq = arg.indexOf('=');
      if (eq > 0) {
        flags.values.put(arg.substring(2, eq), arg.substring(eq + 1));
      } else if (i + 1 == args.size() || args.get(i + 1).startsWith("--")) {
        flags.values.put(arg.substring(2), null);
      } else {
        flags.values.put(arg.substring(2), args.get(++i));
      }
    }
    return flags;
  }

  /** The integer value of {@code --name}, or {@code fallback}; must be at least {@code min}. */
  public int integer(String name, int fallback, int min) {
    String value = raw(name);
    if (value == null && values.containsKey(name)) {
      throw noValue(name);
    }
    if (value == null) {
      return fallback;
    }
    int parsed;
    try {
      parsed = Integer.parseInt(value.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--" + name + ": \"" + value + "\" (expected: an integer)", e);
    }
    if (parsed < min) {
      throw new IllegalArgumentException(
          "--" + name + ": " + parsed + " (expected: >= " + min + ")");
    }
    return parsed;
  }

  /** The comma-separated integers of {@code --name}, or {@code fallback}; each at least 1. */
  public List<Integer> integers(String name, List<Integer> fallback) {
    String value = raw(name);
    if (value == null && values.containsKey(name)) {
      throw noValue(name);
    }
    if (value == null) {
      return fallback;
    }
    List<Integer> result = new ArrayList<>();
    for (String part : value.split(",")) {
      try {
        int parsed = Integer.parseInt(part.trim());
        if (parsed < 1) {
          throw new NumberFormatException();
        }
        result.add(parsed);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "--" + name + ": \"" + value + "\" (expected: positive integers separated by commas)",
            e);
      }
    }
    return List.copyOf(result);
  }

  /** The value of {@code --name}, or {@code fallback}. */
  public String string(String name, String fallback) {
    String value = raw(name);
    if (value == null && values.containsKey(name)) {
      throw noValue(name);
    }
    return value == null ? fallback : value;
  }

  /**
   * Whether the switch {@code --name} is on: given alone, or as {@code --name=true}; off when
   * absent or {@code --name=false}.
   */
  public boolean bool(String name) {
    String value = raw(name);
    if (!values.containsKey(name)) {
      return false;
    }
    if (value == null || value.equals("true")) {
      return true;
    }
    if (value.equals("false")) {
      return false;
    }
    throw new IllegalArgumentException(
        "--" + name + ": \"" + value + "\" (expected: no value, true or false)");
  }

  private static IllegalArgumentException noValue(String name) {
    return new IllegalArgumentException(
        "--" + name + ": no value (expected: --" + name + " VALUE)");
  }

  /**
   * Fails on any flag no benchmark read.
   *
   * @throws IllegalArgumentException naming the unknown flags and the known ones
   */
  public void rejectUnknown() {
    List<String> unknown = values.keySet().stream().filter(k -> !read.contains(k)).toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "unknown flag(s): "
              + unknown.stream().map(k -> "--" + k).toList()
              + " (expected: "
              + read.stream().sorted().map(k -> "--" + k).toList()
              + ")");
    }
  }

  private String raw(String name) {
    read.add(name);
    return values.get(name);
  }
}
