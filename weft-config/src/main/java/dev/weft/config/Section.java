package dev.weft.config;

import dev.weft.config.Yaml.Entry;
import dev.weft.config.Yaml.Mapping;
import dev.weft.config.Yaml.Node;
import dev.weft.config.Yaml.Origin;
import dev.weft.config.Yaml.Scalar;
import dev.weft.config.Yaml.ScalarType;
import dev.weft.config.Yaml.Sequence;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * One mapping of a configuration file being read ({@link ConfigFile#read}): typed getters whose
 * errors start with where the value came from ({@code file:line: dotted.key}, or the environment
 * variable that set it) and end with what was expected. A getter returns empty when its key is
 * absent, so that the reader applies the default; a present but bad value is a {@link
 * ConfigException}.
 */
public final class Section {
  private final Source source;
  private final String key;
  private final Origin origin;
  private final Map<String, Entry> entries;

  private Section(Source source, String key, Origin origin, Map<String, Entry> entries) {
    this.source = source;
    this.key = key;
    this.origin = origin;
    this.entries = entries;
    for (Entry e : entries.values()) {
      source.record(keyOf(e.key()), e.origin(), e.value());
    }
  }

  /** The top of a document, which must be a mapping of {@code allowed} keys. */
  static Section root(Source source, Node node, String... allowed) throws ConfigException {
    if (!(node instanceof Mapping m)) {
      throw new ConfigException(
          node.origin().where("top level")
              + ": "
              + node.render()
              + " (expected: a mapping with keys "
              + String.join(", ", new TreeSet<>(Set.of(allowed)))
              + ")");
    }
    return new Section(source, "", m.origin(), m.entries()).allow(allowed);
  }

  /** This section's dotted key; empty for the top. */
  public String key() {
    return key;
  }

  /** The dotted key of {@code name} in this section. */
  public String keyOf(String name) {
    return key.isEmpty() ? name : key + "." + name;
  }

  /** The directory of the file, against which relative paths resolve. */
  public Path directory() {
    return source.directory;
  }

  /** Rejects the first key, in file order, that is not one of {@code allowed}. */
  public Section allow(String... allowed) throws ConfigException {
    Set<String> names = new TreeSet<>(Set.of(allowed));
    for (Entry e : entries.values()) {
      if (!names.contains(e.key())) {
        throw new ConfigException(
            e.origin().where(keyOf(e.key()))
                + ": unknown key (expected: "
                + (names.isEmpty() ? "no keys" : "one of " + String.join(", ", names))
                + ")");
      }
    }
    return this;
  }

  /** Whether {@code name} is written in this section. */
  public boolean has(String name) {
    return entries.containsKey(name);
  }

  /** The names in this section, in file order. */
  public Set<String> names() {
    return Collections.unmodifiableSet(entries.keySet());
  }

  /** The line of the key {@code name} in the file; 0 if it is absent or set by a variable. */
  public int lineOf(String name) {
    Entry e = entries.get(name);
    return e == null ? 0 : e.origin().line();
  }

  /** The nested mapping {@code name}, if present; an empty value counts as an empty mapping. */
  public Optional<Section> section(String name) throws ConfigException {
    Entry e = entries.get(name);
    if (e == null) {
      return Optional.empty();
    }
    return switch (e.value()) {
      case Mapping m -> Optional.of(new Section(source, keyOf(name), e.origin(), m.entries()));
      case Scalar s when s.type() == ScalarType.NULL ->
          Optional.of(new Section(source, keyOf(name), e.origin(), Map.of()));
      default -> throw error(name, "a mapping");
    };
  }

  /** The nested mapping {@code name}, or an empty one where this section is. */
  public Section sectionOrEmpty(String name) throws ConfigException {
    Optional<Section> s = section(name);
    return s.isPresent() ? s.get() : new Section(source, keyOf(name), origin, Map.of());
  }

  /** A scalar as text; an empty value is an error. */
  public Optional<String> string(String name, String expected) throws ConfigException {
    Entry e = entries.get(name);
    if (e == null) {
      return Optional.empty();
    }
    if (!(e.value() instanceof Scalar s) || s.isEmpty()) {
      throw error(name, expected);
    }
    return Optional.of(s.text());
  }

  /** An integer from {@code min} to {@code max}. */
  public Optional<Integer> integer(String name, int min, int max) throws ConfigException {
    String expected = "an integer from " + min + " to " + max;
    Optional<String> text = string(name, expected);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    if (!text.get().matches("-?[0-9]{1,18}")) {
      throw error(name, expected);
    }
    long value = Long.parseLong(text.get());
    if (value < min || value > max) {
      throw error(name, expected);
    }
    return Optional.of((int) value);
  }

  /** A size ({@link Sizes}) from {@code min} to {@code max} bytes. */
  public Optional<Long> size(String name, long min, long max) throws ConfigException {
    String expected = Sizes.expected(min, max);
    Optional<String> text = string(name, expected);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    OptionalLong bytes = Sizes.parse(text.get());
    if (bytes.isEmpty() || bytes.getAsLong() < min || bytes.getAsLong() > max) {
      throw error(name, expected);
    }
    return Optional.of(bytes.getAsLong());
  }

  /** A number from 0.0 to 1.0. */
  public Optional<Double> ratio(String name) throws ConfigException {
    String expected = "a number from 0.0 to 1.0";
    Optional<String> text = string(name, expected);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    if (!text.get().matches("[0-9]{1,18}(\\.[0-9]{1,18})?|\\.[0-9]{1,18}")) {
      throw error(name, expected);
    }
    double value = Double.parseDouble(text.get());
    if (value > 1.0) {
      throw error(name, expected);
    }
    return Optional.of(value);
  }

  /** {@code true} or {@code false}. */
  public Optional<Boolean> bool(String name) throws ConfigException {
    String expected = "true or false";
    Optional<String> text = string(name, expected);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    return switch (text.get()) {
      case "true" -> Optional.of(true);
      case "false" -> Optional.of(false);
      default -> throw error(name, expected);
    };
  }

  /** A positive duration ({@link Durations}). */
  public Optional<Duration> duration(String name) throws ConfigException {
    return duration(name, null);
  }

  /** A positive duration ({@link Durations}) of at most {@code max}; null for no maximum. */
  public Optional<Duration> duration(String name, Duration max) throws ConfigException {
    String expected = Durations.expectedPositive(max);
    Optional<String> text = string(name, expected);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Optional<Duration> d = Durations.parse(text.get());
    if (d.isEmpty()
        || d.get().isNegative()
        || d.get().isZero()
        || max != null && d.get().compareTo(max) > 0) {
      throw error(name, expected);
    }
    return d;
  }

  /** One of {@code values}, by the name {@code nameOf} gives it, compared ignoring case. */
  public <E extends Enum<E>> Optional<E> choice(String name, E[] values, Function<E, String> nameOf)
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

  /** A path, resolved against the file's directory if relative, and normalized. */
  public Optional<Path> path(String name, String expected) throws ConfigException {
    return path(name, source.directory, expected);
  }

  /** A path, resolved against {@code base} if relative, and normalized. */
  public Optional<Path> path(String name, Path base, String expected) throws ConfigException {
    return value(name, expected, text -> base.resolve(Path.of(text)).normalize());
  }

  /**
   * The value {@code parser} makes of the text of {@code name}: a domain type built by the same
   * code that will use it, so that a value the reader accepts is one the component accepts. When
   * {@code parser} throws an {@link IllegalArgumentException} (such as {@link
   * InvalidPathException}) the error shows the value as written, and expects what the parser's
   * message says is expected when it is in the one format ({@code x: v (expected: ...)}), else
   * {@code expected}.
   */
  public <T> Optional<T> value(String name, String expected, Function<String, T> parser)
      throws ConfigException {
    Optional<String> text = string(name, expected);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(parser.apply(text.get()));
    } catch (IllegalArgumentException e) {
      ConfigException error = error(name, Problem.expectedIn(e.getMessage()).orElse(expected));
      error.initCause(e);
      throw error;
    }
  }

  /**
   * A list of scalars, each made a value by {@code parser} as {@link #value} does; an empty value
   * is an empty list.
   *
   * @param expectedList what the key must be when it is not a list
   * @param expectedItem what each item must be
   */
  public <T> Optional<List<T>> list(
      String name, String expectedList, String expectedItem, Function<String, T> parser)
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
          if (!(n instanceof Scalar s) || s.isEmpty()) {
            throw new ConfigException(
                where + ": " + n.render() + " (expected: " + expectedItem + ")");
          }
          try {
            out.add(parser.apply(s.text()));
          } catch (IllegalArgumentException ex) {
            throw new ConfigException(
                where
                    + ": "
                    + s.render()
                    + " (expected: "
                    + Problem.expectedIn(ex.getMessage()).orElse(expectedItem)
                    + ")",
                ex);
          }
        }
      }
      case Scalar s when s.type() == ScalarType.NULL -> {}
      default -> throw error(name, expectedList);
    }
    return Optional.of(out);
  }

  /** A mapping of names to scalar values, in file order; absent is empty. */
  public Map<String, String> stringMap(String name) throws ConfigException {
    Section s = sectionOrEmpty(name);
    Map<String, String> out = new LinkedHashMap<>();
    for (Entry e : s.entries.values()) {
      if (!(e.value() instanceof Scalar v) || v.type() == ScalarType.NULL) {
        throw s.error(e.key(), "a string");
      }
      out.put(e.key(), v.text());
    }
    return out;
  }

  /** Shows the value of {@code dottedKey} (from the top) through {@code mask} in every message. */
  public void mask(String dottedKey, UnaryOperator<String> mask) {
    source.mask(dottedKey, mask);
  }

  /** Makes problems about {@code canonical} in this section name and point at {@code written}. */
  public void alias(String canonical, String written) {
    source.alias(keyOf(canonical), keyOf(written));
  }

  /** An error about the value of {@code name}, shown as written; {@code missing} if absent. */
  public ConfigException error(String name, String expected) {
    Entry e = entries.get(name);
    if (e == null) {
      return missing(name, expected);
    }
    return error(name, source.render(keyOf(name), e.value()), expected);
  }

  /** An error about {@code name} with {@code shown} as its value. */
  public ConfigException error(String name, String shown, String expected) {
    Entry e = entries.get(name);
    Origin at = e == null ? origin : e.origin();
    return new ConfigException(
        at.where(keyOf(name)) + ": " + shown + " (expected: " + expected + ")");
  }

  /** {@code name} is required but absent. */
  public ConfigException missing(String name, String expected) {
    return error(name, Problem.MISSING, expected);
  }

  /** An error about the name {@code name} of an entry of this section (not its value). */
  public ConfigException nameError(String name, String expected) {
    Entry e = entries.get(name);
    Origin at = e == null ? origin : e.origin();
    return new ConfigException(
        at.where(key) + ": " + Yaml.quote(name) + " (expected: " + expected + ")");
  }

  /** An error about this whole section, with {@code shown} as its value. */
  public ConfigException sectionError(String shown, String expected) {
    return new ConfigException(origin.where(key) + ": " + shown + " (expected: " + expected + ")");
  }

  /**
   * The error for {@code problem}, found by a config type after reading: at the line of its key (or
   * of its related key, or of the nearest section written), its value as the file wrote it.
   */
  public ConfigException error(Problem problem) {
    return source.error(problem);
  }

  /** Throws the first of {@code problems} as {@link #error(Problem)} does, if there is one. */
  public void throwFirst(List<Problem> problems) throws ConfigException {
    if (!problems.isEmpty()) {
      throw error(problems.getFirst());
    }
  }
}
