package dev.weft.agent.config;

import dev.weft.agent.config.Tree.Entry;
import dev.weft.agent.config.Tree.Mapping;
import dev.weft.agent.config.Tree.Node;
import dev.weft.agent.config.Tree.Origin;
import dev.weft.agent.config.Tree.Scalar;
import dev.weft.agent.config.Tree.ScalarType;
import dev.weft.agent.config.Tree.Sequence;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * One mapping of the configuration being read: typed getters whose errors start with where the
 * value came from ({@code file:line: dotted.key} or the environment variable).
 */
final class Section {
  static final String DURATION = "a duration such as 2s, 500ms, 1m or PT1S";

  private final String key;
  private final Origin origin;
  private final Map<String, Entry> entries;

  private Section(String key, Origin origin, Map<String, Entry> entries) {
    this.key = key;
    this.origin = origin;
    this.entries = entries;
  }

  /** The top of the document, which must be a mapping. */
  static Section root(Node node, String... allowed) throws ConfigException {
    if (!(node instanceof Mapping m)) {
      throw new ConfigException(node.origin().where("top level") + ": " + node.render()
          + " (expected: a mapping with keys " + String.join(", ", new TreeSet<>(Set.of(allowed)))
          + ")");
    }
    return new Section("", m.origin(), m.entries()).allow(allowed);
  }

  String keyOf(String name) {
    return key.isEmpty() ? name : key + "." + name;
  }

  /** This section's dotted key; empty for the top. */
  String key() {
    return key;
  }

  Origin origin() {
    return origin;
  }

  /** Rejects the first key, in file order, that is not one of {@code allowed}. */
  Section allow(String... allowed) throws ConfigException {
    Set<String> names = new TreeSet<>(Set.of(allowed));
    for (Entry e : entries.values()) {
      if (!names.contains(e.key())) {
        throw new ConfigException(e.origin().where(keyOf(e.key()))
            + ": unknown key (expected one of: " + String.join(", ", names) + ")");
      }
    }
    return this;
  }

  boolean has(String name) {
    return entries.containsKey(name);
  }

  /** The names in this section, in file order. */
  Set<String> names() {
    return entries.keySet();
  }

  /** Where the value of {@code name} came from, or this section's origin if it is absent. */
  Origin originOf(String name) {
    Entry e = entries.get(name);
    return e == null ? origin : e.origin();
  }

  /** The nested mapping {@code name}, if present; an empty value counts as an empty mapping. */
  Optional<Section> section(String name) throws ConfigException {
    Entry e = entries.get(name);
    if (e == null) {
      return Optional.empty();
    }
    return switch (e.value()) {
      case Mapping m -> Optional.of(new Section(keyOf(name), e.origin(), m.entries()));
      case Scalar s when s.type() == ScalarType.NULL ->
          Optional.of(new Section(keyOf(name), e.origin(), Map.of()));
      default -> throw error(name, "a mapping");
    };
  }

  /** The nested mapping {@code name}, or an empty one. */
  Section sectionOrEmpty(String name) throws ConfigException {
    Optional<Section> s = section(name);
    return s.isPresent() ? s.get() : new Section(keyOf(name), originOf(name), Map.of());
  }

  /** A scalar as text; an empty value is an error. */
  Optional<String> string(String name, String expected) throws ConfigException {
    Entry e = entries.get(name);
    if (e == null) {
      return Optional.empty();
    }
    if (!(e.value() instanceof Scalar s) || s.type() == ScalarType.NULL || s.text().isEmpty()) {
      throw error(name, expected);
    }
    return Optional.of(s.text());
  }

  /** An integer in {@code min..max}: {@code expected: an integer min..max} if not an integer. */
  Optional<Integer> integer(String name, int min, int max) throws ConfigException {
    String range = min + ".." + max;
    Optional<String> text = string(name, "an integer " + range);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    if (!text.get().matches("-?[0-9]{1,18}")) {
      throw error(name, "an integer " + range);
    }
    long value = Long.parseLong(text.get());
    if (value < min || value > max) {
      throw error(name, range);
    }
    return Optional.of((int) value);
  }

  /** What a size may be written as. */
  static final String SIZE = "a size in bytes, or with KiB, MiB or GiB, such as 4MiB";

  /**
   * A size in bytes in {@code min..max}: a plain integer, or one followed by {@code KiB}, {@code
   * MiB} or {@code GiB} (powers of 1024).
   */
  Optional<Long> size(String name, long min, long max) throws ConfigException {
    String expected = SIZE + ", " + min + " to " + max + " bytes";
    Optional<String> text = string(name, expected);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]{1,12})\\s*(KiB|MiB|GiB)?")
        .matcher(text.get().trim());
    if (!m.matches()) {
      throw error(name, expected);
    }
    long unit = m.group(2) == null ? 1 : switch (m.group(2)) {
      case "KiB" -> 1L << 10;
      case "MiB" -> 1L << 20;
      default -> 1L << 30;
    };
    long value = Long.parseLong(m.group(1)) * unit;
    if (value < min || value > max) {
      throw error(name, expected);
    }
    return Optional.of(value);
  }

  /** A number in {@code [0, 1]}. */
  Optional<Double> ratio(String name) throws ConfigException {
    String expected = "a number from 0.0 to 1.0";
    Optional<String> text = string(name, expected);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    if (!text.get().matches("[0-9]+(\\.[0-9]+)?|\\.[0-9]+")) {
      throw error(name, expected);
    }
    double value = Double.parseDouble(text.get());
    if (value > 1.0) {
      throw error(name, expected);
    }
    return Optional.of(value);
  }

  Optional<Boolean> bool(String name) throws ConfigException {
    Optional<String> text = string(name, "true or false");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    return switch (text.get()) {
      case "true" -> Optional.of(true);
      case "false" -> Optional.of(false);
      default -> throw error(name, "true or false");
    };
  }

  /** A positive duration. */
  Optional<Duration> duration(String name) throws ConfigException {
    Optional<String> text = string(name, DURATION + ", > 0");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Optional<Duration> d = Durations.parse(text.get());
    if (d.isEmpty() || d.get().isNegative() || d.get().isZero()) {
      throw error(name, DURATION + ", > 0");
    }
    return d;
  }

  /** One of {@code values}, by the name {@code nameOf} gives it, compared ignoring case. */
  <E extends Enum<E>> Optional<E> choice(String name, E[] values, Function<E, String> nameOf)
      throws ConfigException {
    String expected = "one of " + String.join(", ", Arrays.stream(values).map(nameOf).toList());
    Optional<String> text = string(name, expected);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    for (E value : values) {
      if (nameOf.apply(value).equalsIgnoreCase(text.get())) {
        return Optional.of(value);
      }
    }
    throw error(name, expected);
  }

  /**
   * A list of scalars, each given to {@code item} with its where-prefix ({@code
   * file:line: key[i]} or the variable) for messages.
   */
  <T> Optional<List<T>> list(String name, String expectedList, ItemReader<T> item)
      throws ConfigException {
    Entry e = entries.get(name);
    if (e == null) {
      return Optional.empty();
    }
    List<T> out = new ArrayList<>();
    switch (e.value()) {
      case Sequence seq -> {
        for (int i = 0; i < seq.items().size(); i++) {
          Node n = seq.items().get(i);
          String where = n.origin().where(keyOf(name) + "[" + i + "]");
          if (!(n instanceof Scalar s) || s.type() == ScalarType.NULL || s.text().isEmpty()) {
            throw new ConfigException(where + ": " + n.render() + " (expected: "
                + item.expected() + ")");
          }
          out.add(item.read(where, s));
        }
      }
      case Scalar s when s.type() == ScalarType.NULL -> {}
      default -> throw error(name, expectedList);
    }
    return Optional.of(out);
  }

  /** Reads one item of a list. */
  interface ItemReader<T> {
    /** What an item must be, for messages. */
    String expected();

    /**
     * The item's value.
     *
     * @param where the start of a message about the item
     */
    T read(String where, Scalar item) throws ConfigException;
  }

  /** A mapping of names to scalar values, in file order. */
  Map<String, String> stringMap(String name) throws ConfigException {
    Section s = sectionOrEmpty(name);
    Map<String, String> out = new LinkedHashMap<>();
    for (String k : s.names()) {
      Entry e = s.entries.get(k);
      if (!(e.value() instanceof Scalar v) || v.type() == ScalarType.NULL) {
        throw s.error(k, "a string");
      }
      out.put(k, v.text());
    }
    return out;
  }

  /** An error about the value of {@code name}, shown as written. */
  ConfigException error(String name, String expected) {
    Entry e = entries.get(name);
    if (e == null) {
      return missing(name, expected);
    }
    return new ConfigException(e.origin().where(keyOf(name)) + ": " + e.value().render()
        + " (expected: " + expected + ")");
  }

  /** An error about the value of {@code name} with {@code problem} after the where-prefix. */
  ConfigException problem(String name, String problem, Throwable cause) {
    return new ConfigException(originOf(name).where(keyOf(name)) + ": " + problem, cause);
  }

  /** {@code name} is required but absent. */
  ConfigException missing(String name, String expected) {
    return new ConfigException(origin.where(keyOf(name)) + ": missing (expected: " + expected
        + ")");
  }
}
