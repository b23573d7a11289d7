package dev.weft.trust.config;

import dev.weft.identity.spiffeid.InvalidSpiffeIdException;
import dev.weft.identity.spiffeid.TrustDomain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A mapping of a configuration file being read: typed getters that fail with
 * {@code <file>:<line>: <dotted.key>: ...}, and the lines of everything read, so that rules
 * checked later ({@link Problem}s) can point at the right line too.
 */
final class Section {
  /** The largest configuration file read: 1 MiB, far above any real one. */
  static final long MAX_FILE_BYTES = 1 << 20;
  /** What all sections of one file share. */
  static final class Source {
    final String file;
    final Path directory;
    final Map<String, Integer> lines = new HashMap<>();
    final Map<String, Yaml.Node> values = new HashMap<>();
    final Map<String, String> writtenAs = new HashMap<>();
    final Map<String, UnaryOperator<String>> masks = new HashMap<>();

    Source(String file, Path directory) {
      this.file = file;
      this.directory = directory;
    }

    /** Shows the value of {@code key} through {@code mask} in every message (for secrets). */
    void mask(String key, UnaryOperator<String> mask) {
      masks.put(key, mask);
    }

    /** The message for {@code problem}, at the line of its key (or of its related key, or of the nearest section present). */
    ConfigException error(Problem problem) {
      String key = problem.key();
      String value = values.containsKey(key) ? render(key, values.get(key)) : problem.value();
      String lineKey = lines.containsKey(key) ? key : problem.relatedKey().filter(lines::containsKey).orElse(key);
      return new ConfigException(file + ":" + line(lineKey) + ": "
          + writtenAs.getOrDefault(key, key) + ": " + value + " (expected: " + problem.expected() + ")");
    }

    int line(String key) {
      String k = key;
      while (!lines.containsKey(k)) {
        int dot = k.lastIndexOf('.');
        if (dot < 0) {
          return lines.getOrDefault(k, 1);
        }
        k = k.substring(0, dot);
      }
      return lines.get(k);
    }

    String render(String key, Yaml.Node node) {
      UnaryOperator<String> mask = masks.get(key);
      if (mask != null && node instanceof Yaml.Scalar s && s.type() != Yaml.ScalarType.NULL) {
        return Yaml.quote(mask.apply(s.text()));
      }
      return node.render();
    }
  }

  private final Source source;
  private final String key;
  private final Yaml.Mapping mapping;

  private Section(Source source, String key, Yaml.Mapping mapping) {
    this.source = source;
    this.key = key;
    this.mapping = mapping;
  }

  /**
   * Reads {@code file} and returns its top mapping, which may hold only {@code allowed} keys.
   * Relative paths in the file resolve against its directory.
   */
  static Section readFile(Path file, String... allowed) throws ConfigException {
    String shown = file.toString();
    String text;
    try {
      byte[] bytes;
      try (java.io.InputStream in = Files.newInputStream(file)) {
        bytes = in.readNBytes((int) MAX_FILE_BYTES + 1); // bounded even for a device or a pipe
      }
      if (bytes.length > MAX_FILE_BYTES) {
        throw new ConfigException(shown + ": more than " + MAX_FILE_BYTES
            + " bytes (expected: a configuration file of at most " + MAX_FILE_BYTES + " bytes)");
      }
      text = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
          .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (NoSuchFileException e) {
      throw new ConfigException(shown + ": no such file (expected: a YAML configuration file)", e);
    } catch (IOException e) {
      throw new ConfigException(shown + ": cannot be read: " + e, e);
    }
    Path directory = file.toAbsolutePath().normalize().getParent();
    Source source = new Source(shown, directory == null ? Path.of("/") : directory);
    String keys = "key" + (allowed.length > 1 ? "s " : " ") + String.join(" and ", allowed);
    return root(source, Yaml.parse(shown, text), keys).allow(allowed);
  }

  /**
   * The top of a file, which must be a mapping.
   *
   * @param expectedKeys described in the message if the top is not a mapping
   */
  static Section root(Source source, Yaml.Node node, String expectedKeys) throws ConfigException {
    if (!(node instanceof Yaml.Mapping m)) {
      throw new ConfigException(source.file + ":" + node.line() + ": top level: " + node.render()
          + " (expected: a mapping with " + expectedKeys + ")");
    }
    Section root = new Section(source, "", m);
    root.record();
    return root;
  }

  Source source() {
    return source;
  }

  /** This section's dotted key; empty for the top. */
  String key() {
    return key;
  }

  String keyOf(String name) {
    return key.isEmpty() ? name : key + "." + name;
  }

  private void record() {
    for (Yaml.Entry e : mapping.entries().values()) {
      source.lines.put(keyOf(e.key()), e.line());
      if (e.value() instanceof Yaml.Scalar) {
        source.values.put(keyOf(e.key()), e.value());
      }
    }
  }

  /** Rejects the first key, in file order, that is not one of {@code allowed}. */
  Section allow(String... allowed) throws ConfigException {
    Set<String> names = new TreeSet<>(Set.of(allowed));
    for (Yaml.Entry e : mapping.entries().values()) {
      if (!names.contains(e.key())) {
        String expected = names.isEmpty() ? "expected: no keys" : "expected one of: " + String.join(", ", names);
        throw new ConfigException(source.file + ":" + e.line() + ": " + keyOf(e.key())
            + ": unknown key (" + expected + ")");
      }
    }
    return this;
  }

  boolean has(String name) {
    return mapping.entries().containsKey(name);
  }

  /** The names in this section, in file order. */
  Set<String> names() {
    return mapping.entries().keySet();
  }

  /** The nested mapping {@code name}; an empty value counts as an empty mapping. */
  Optional<Section> section(String name) throws ConfigException {
    Yaml.Entry e = mapping.entries().get(name);
    if (e == null) {
      return Optional.empty();
    }
    Yaml.Mapping nested = switch (e.value()) {
      case Yaml.Mapping m -> m;
      case Yaml.Scalar s when s.type() == Yaml.ScalarType.NULL -> new Yaml.Mapping(e.line(), Map.of());
      default -> throw error(name, e.value().render(), "a mapping");
    };
    Section section = new Section(source, keyOf(name), nested);
    section.record();
    return Optional.of(section);
  }

  /** A scalar as text; empty values are an error. */
  Optional<String> string(String name, String expected) throws ConfigException {
    Yaml.Entry e = mapping.entries().get(name);
    if (e == null) {
      return Optional.empty();
    }
    if (!(e.value() instanceof Yaml.Scalar s) || s.type() == Yaml.ScalarType.NULL || s.text().isEmpty()) {
      throw error(name, expected);
    }
    return Optional.of(s.text());
  }

  Optional<Integer> integer(String name, String expected) throws ConfigException {
    Optional<String> text = string(name, expected);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    if (!text.get().matches("-?[0-9]{1,10}")) {
      throw error(name, expected);
    }
    long value = Long.parseLong(text.get());
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw error(name, expected);
    }
    return Optional.of((int) value);
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

  Optional<Duration> duration(String name) throws ConfigException {
    Optional<String> text = string(name, Durations.EXPECTED);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(Durations.parse(text.get()).orElseThrow(() -> error(name, Durations.EXPECTED)));
  }

  /** A path, resolved against {@code base} if relative, and normalized. */
  Optional<Path> path(String name, Path base, String expected) throws ConfigException {
    Optional<String> text = string(name, expected);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(base.resolve(Path.of(text.get())).normalize());
    } catch (InvalidPathException e) {
      throw error(name, expected);
    }
  }

  /** A path resolved against the configuration file's directory. */
  Optional<Path> path(String name, String expected) throws ConfigException {
    return path(name, source.directory, expected);
  }

  /** One of {@code values}, by the name {@code nameOf} gives it in the file. */
  <E extends Enum<E>> Optional<E> choice(String name, E[] values, Function<E, String> nameOf)
      throws ConfigException {
    String expected = "one of " + String.join(", ", Arrays.stream(values).map(nameOf).toList());
    Optional<String> text = string(name, expected);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    for (E value : values) {
      if (nameOf.apply(value).equals(text.get())) {
        return Optional.of(value);
      }
    }
    throw error(name, expected);
  }

  Optional<TrustDomain> trustDomain(String name) throws ConfigException {
    String expected = "a trust domain such as example.org";
    Optional<String> text = string(name, expected);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(TrustDomain.parse(text.get()));
    } catch (InvalidSpiffeIdException e) {
      throw error(name, expected + "; " + e.rule().description());
    }
  }

  /** An error about the value of {@code name} in this section, shown as written. */
  ConfigException error(String name, String expected) {
    Yaml.Entry e = mapping.entries().get(name);
    String shown = e == null ? Problem.MISSING : source.render(keyOf(name), e.value());
    return error(name, shown, expected);
  }

  /** An error about {@code name} in this section with {@code shown} as the problem. */
  ConfigException error(String name, String shown, String expected) {
    Yaml.Entry e = mapping.entries().get(name);
    int line = e == null ? source.line(key) : e.line();
    return new ConfigException(source.file + ":" + line + ": " + keyOf(name) + ": " + shown
        + " (expected: " + expected + ")");
  }

  /** An error about this whole section. */
  ConfigException sectionError(String shown, String expected) {
    return new ConfigException(source.file + ":" + source.line(key) + ": " + key + ": " + shown
        + " (expected: " + expected + ")");
  }
}
