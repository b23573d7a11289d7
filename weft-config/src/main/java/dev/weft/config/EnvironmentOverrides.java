package dev.weft.config;

import dev.weft.config.Yaml.Entry;
import dev.weft.config.Yaml.Mapping;
import dev.weft.config.Yaml.Node;
import dev.weft.config.Yaml.Origin;
import dev.weft.config.Yaml.Scalar;
import dev.weft.config.Yaml.ScalarType;
import dev.weft.config.Yaml.Sequence;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which keys of a file environment variables may set, applied to the parsed file before it is read,
 * so that a variable's value is checked exactly as the same text in the file would be.
 *
 * <p>A key's variable is the prefix followed by its dotted key in upper case with every {@code .}
 * replaced by {@code _} ({@code server.port} is {@code WEFT_SERVER_PORT}). List keys take
 * comma-separated values (an empty value is an empty list); map keys take one variable per entry
 * ({@code WEFT_METADATA_REGION} sets {@code metadata.region}, keeping the spelling of an existing
 * key whose upper case matches, else lower case); the keys of entries named in the file ({@link
 * Builder#entries}) are set with {@code <VAR>_<NAME>_<KEY>}. A variable that starts with the prefix
 * of a top-level key but names no known key is an error listing the known ones; other variables are
 * ignored. Immutable; build with {@link #builder}.
 */
public final class EnvironmentOverrides {
  private final String prefix;
  private final List<String> scalars;
  private final List<String> lists;
  private final List<String> maps;
  private final Map<String, List<String>> entries;
  private final List<String> exclusive;
  private final Map<String, String> fallbacks;

  private EnvironmentOverrides(Builder b) {
    prefix = b.prefix;
    scalars = List.copyOf(b.scalars);
    lists = List.copyOf(b.lists);
    maps = List.copyOf(b.maps);
    entries = Map.copyOf(b.entries);
    exclusive = List.copyOf(b.exclusive);
    fallbacks = Map.copyOf(b.fallbacks);
  }

  /** Overrides whose variables start with {@code prefix}, such as {@code WEFT_}. */
  public static Builder builder(String prefix) {
    return new Builder(prefix);
  }

  /** The variable that overrides {@code dottedKey}. */
  public String variable(String dottedKey) {
    return prefix + dottedKey.toUpperCase(Locale.ROOT).replace('.', '_');
  }

  /** The scalar keys variables may set, dotted. */
  public List<String> scalars() {
    return scalars;
  }

  /** Applies the variables of {@code env} to {@code root}, a mapping read from the file. */
  void apply(Mapping root, Map<String, String> env) throws ConfigException {
    Map<String, List<String>> known = new TreeMap<>();
    Map<String, Boolean> isList = new TreeMap<>();
    scalars.forEach(k -> known(known, isList, List.of(k.split("\\.")), false));
    lists.forEach(k -> known(known, isList, List.of(k.split("\\.")), true));
    entries.forEach(
        (map, keys) -> {
          if (find(root, List.of(map.split("\\."))) instanceof Mapping m) {
            for (String name : m.entries().keySet()) {
              for (String k : keys) {
                List<String> path = new ArrayList<>(List.of(map.split("\\.")));
                path.add(name);
                path.add(k);
                known(known, isList, path, false);
              }
            }
          }
        });
    List<String> sections = sections();
    String exclusiveSetBy = null;
    for (Map.Entry<String, String> v : new TreeMap<>(env).entrySet()) {
      String name = v.getKey();
      String section = sections.stream().filter(name::startsWith).findFirst().orElse(null);
      if (section == null) {
        continue;
      }
      List<String> path = known.containsKey(name) ? known.get(name) : mapEntry(root, name);
      if (path == null) {
        throw new ConfigException(
            name + ": unknown setting (expected: " + candidates(section, known) + ")");
      }
      String dotted = String.join(".", path);
      if (exclusive.contains(dotted)) {
        if (exclusiveSetBy != null) {
          throw new ConfigException(
              name + ": set together with " + exclusiveSetBy + " (expected: only one of them)");
        }
        exclusiveSetBy = name;
        exclusive.stream().filter(k -> !k.equals(dotted)).forEach(k -> remove(root, k));
      }
      Origin origin = Origin.ofEnv(name);
      Node value =
          Boolean.TRUE.equals(isList.get(name))
              ? list(origin, v.getValue())
              : new Scalar(origin, v.getValue(), ScalarType.STRING);
      set(root, path, value);
    }
    for (Map.Entry<String, String> f : new TreeMap<>(fallbacks).entrySet()) {
      String value = env.get(f.getKey());
      boolean present =
          find(root, List.of(f.getValue().split("\\."))) != null
              || exclusive.contains(f.getValue())
                  && exclusive.stream().anyMatch(k -> find(root, List.of(k.split("\\."))) != null);
      if (value != null && !present) {
        Origin origin = Origin.ofEnv(f.getKey());
        set(root, List.of(f.getValue().split("\\.")), new Scalar(origin, value, ScalarType.STRING));
      }
    }
  }

  private void known(
      Map<String, List<String>> known,
      Map<String, Boolean> isList,
      List<String> path,
      boolean list) {
    String variable = variable(String.join(".", path));
    known.put(variable, path);
    isList.put(variable, list);
  }

  /** The prefixes of the top-level keys, longest first; {@code WEFT_PROFILE} for a scalar. */
  private List<String> sections() {
    TreeSet<String> tops = new TreeSet<>();
    List<String> all = new ArrayList<>(scalars);
    all.addAll(lists);
    all.addAll(maps);
    all.addAll(entries.keySet());
    for (String k : all) {
      int dot = k.indexOf('.');
      tops.add(dot < 0 && scalars.contains(k) ? variable(k) : variable(k.split("\\.")[0]) + "_");
    }
    return tops.stream().sorted(Comparator.comparing(String::length).reversed()).toList();
  }

  private String candidates(String section, Map<String, List<String>> known) {
    List<String> names = new ArrayList<>(known.keySet());
    maps.forEach(m -> names.add(variable(m) + "_<NAME>"));
    names.removeIf(k -> !k.startsWith(section));
    names.sort(null);
    if (!names.isEmpty()) {
      return "one of " + String.join(", ", names);
    }
    for (Map.Entry<String, List<String>> e : new TreeMap<>(entries).entrySet()) {
      if (section.equals(variable(e.getKey()) + "_")) {
        return variable(e.getKey())
            + "_<NAME>_<KEY> for an "
            + e.getKey()
            + " entry named in the file, KEY one of "
            + String.join(
                ", ", e.getValue().stream().map(k -> k.toUpperCase(Locale.ROOT)).toList());
      }
    }
    return "a known setting";
  }

  /**
   * The path of a free-map entry that {@code variable} sets, reusing an existing key's spelling.
   */
  private List<String> mapEntry(Mapping root, String variable) {
    for (String map : maps) {
      String mapPrefix = variable(map) + "_";
      if (!variable.startsWith(mapPrefix) || variable.length() == mapPrefix.length()) {
        continue;
      }
      String suffix = variable.substring(mapPrefix.length());
      List<String> path = new ArrayList<>(List.of(map.split("\\.")));
      String name = suffix.toLowerCase(Locale.ROOT);
      if (find(root, path) instanceof Mapping m) {
        for (String existing : m.entries().keySet()) {
          if (existing.toUpperCase(Locale.ROOT).equals(suffix)) {
            name = existing;
          }
        }
      }
      path.add(name);
      return path;
    }
    return null;
  }

  private static Sequence list(Origin origin, String value) {
    List<Node> items = new ArrayList<>();
    if (!value.isBlank()) {
      for (String item : value.split(",", -1)) {
        items.add(new Scalar(origin, item.strip(), ScalarType.STRING));
      }
    }
    return new Sequence(origin, items);
  }

  private static Node find(Mapping root, List<String> path) {
    Node node = root;
    for (String segment : path) {
      if (!(node instanceof Mapping m) || !(m.entries().get(segment) instanceof Entry e)) {
        return null;
      }
      node = e.value();
    }
    return node;
  }

  private static void remove(Mapping root, String dotted) {
    List<String> path = List.of(dotted.split("\\."));
    if (find(root, path.subList(0, path.size() - 1)) instanceof Mapping parent) {
      parent.entries().remove(path.getLast());
    }
  }

  /**
   * Sets {@code path} to {@code value}, creating missing mappings where their nearest ancestor is
   * (so that a key missing from one is reported against the file, not an unrelated variable). A
   * parent the file gave another type is left alone: reading it reports the file's error.
   */
  private static void set(Mapping root, List<String> path, Node value) {
    Mapping current = root;
    for (String segment : path.subList(0, path.size() - 1)) {
      Entry e = current.entries().get(segment);
      if (e == null || e.value() instanceof Scalar s && s.type() == ScalarType.NULL) {
        Origin where = e == null ? current.origin() : e.origin();
        Mapping created = new Mapping(where, new LinkedHashMap<>());
        current.entries().put(segment, new Entry(segment, where, created));
        current = created;
      } else if (e.value() instanceof Mapping m) {
        current = m;
      } else {
        return;
      }
    }
    current.entries().put(path.getLast(), new Entry(path.getLast(), value.origin(), value));
  }

  /** Declares what variables may set. */
  public static final class Builder {
    private final String prefix;
    private final List<String> scalars = new ArrayList<>();
    private final List<String> lists = new ArrayList<>();
    private final List<String> maps = new ArrayList<>();
    private final Map<String, List<String>> entries = new LinkedHashMap<>();
    private final List<String> exclusive = new ArrayList<>();
    private final Map<String, String> fallbacks = new LinkedHashMap<>();

    private Builder(String prefix) {
      this.prefix = Objects.requireNonNull(prefix, "prefix");
    }

    /** Scalar keys, dotted. */
    public Builder scalars(List<String> keys) {
      scalars.addAll(keys);
      return this;
    }

    /** Keys holding a list; their variables take comma-separated values. */
    public Builder lists(List<String> keys) {
      lists.addAll(keys);
      return this;
    }

    /** Keys holding a free map of strings; {@code <VAR>_<NAME>} sets entry {@code name}. */
    public Builder maps(List<String> keys) {
      maps.addAll(keys);
      return this;
    }

    /**
     * A mapping of named entries: {@code <VAR>_<NAME>_<KEY>} sets {@code key} of an entry the file
     * names; entries cannot be added from the environment.
     */
    public Builder entries(String mapKey, List<String> keys) {
      entries.put(mapKey, List.copyOf(keys));
      return this;
    }

    /**
     * Scalar keys that name one setting (aliases): variables may set only one of them, and the one
     * they set replaces any of them the file gives.
     */
    public Builder exclusive(List<String> keys) {
      exclusive.addAll(keys);
      return this;
    }

    /**
     * A variable outside the prefix (such as {@code SPIFFE_ENDPOINT_SOCKET}) that sets {@code
     * dottedKey} when neither the file nor another variable does (nor, for an {@linkplain
     * #exclusive exclusive} key, any of its aliases).
     */
    public Builder fallback(String variable, String dottedKey) {
      fallbacks.put(variable, dottedKey);
      return this;
    }

    /** The overrides declared. */
    public EnvironmentOverrides build() {
      return new EnvironmentOverrides(this);
    }
  }
}
