package dev.weft.config;

import dev.weft.config.Yaml.Node;
import dev.weft.config.Yaml.Origin;
import dev.weft.config.Yaml.Scalar;
import dev.weft.config.Yaml.ScalarType;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What all sections of one file share: the file, its directory, and where every key read came from,
 * so that rules checked after reading ({@link Problem}s) point at the right line too.
 */
final class Source {
  final String file;
  final Path directory;
  private final Origin top;
  private final Map<String, Origin> origins = new HashMap<>();
  private final Map<String, Node> values = new HashMap<>();
  private final Map<String, String> writtenAs = new HashMap<>();
  private final Map<String, UnaryOperator<String>> masks = new HashMap<>();

  Source(String file, Path directory, Origin top) {
    this.file = file;
    this.directory = directory;
    this.top = top;
  }

  /** Records the origin of {@code key} and, for a scalar, its value. */
  void record(String key, Origin origin, Node value) {
    origins.put(key, origin);
    if (value instanceof Scalar) {
      values.put(key, value);
    }
  }

  void mask(String key, UnaryOperator<String> mask) {
    masks.put(key, mask);
  }

  /** Makes problems about {@code canonical} point at {@code written}, its alias in the file. */
  void alias(String canonical, String written) {
    if (origins.containsKey(written)) {
      origins.put(canonical, origins.get(written));
    }
    if (values.containsKey(written)) {
      values.put(canonical, values.get(written));
    }
    writtenAs.put(canonical, written);
  }

  /** The origin of {@code key}, or of its nearest ancestor present, or of the top. */
  Origin origin(String key) {
    String k = key;
    while (!origins.containsKey(k)) {
      int dot = k.lastIndexOf('.');
      if (dot < 0) {
        return top;
      }
      k = k.substring(0, dot);
    }
    return origins.get(k);
  }

  /** {@code node} as messages show it, through the mask of {@code key} if it has one. */
  String render(String key, Node node) {
    UnaryOperator<String> mask = masks.get(key);
    if (mask != null && node instanceof Scalar s && s.type() != ScalarType.NULL) {
      return Yaml.quote(mask.apply(s.text()));
    }
    return node.render();
  }

  /**
   * The error for {@code problem}, at the origin of its key (or of its related key, or of the
   * nearest section present), its value shown as written when the key was read.
   */
  ConfigException error(Problem problem) {
    String key = problem.key();
    String value = values.containsKey(key) ? render(key, values.get(key)) : problem.value();
    String at =
        origins.containsKey(key)
            ? key
            : problem.relatedKey().filter(origins::containsKey).orElse(key);
    return new ConfigException(
        origin(at).where(writtenAs.getOrDefault(key, key))
            + ": "
            + value
            + " (expected: "
            + problem.expected()
            + ")");
  }
}
