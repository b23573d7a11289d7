package dev.weft.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML (or JSON) document as a tree whose every node knows where it came from: a line of the
 * file, or an environment variable. Read with Jackson's streaming YAML parser; a key written twice
 * in one mapping is an error. Mappings stay mutable so that environment overrides can be applied
 * before the tree is read.
 */
final class Yaml {
  private static final YAMLFactory FACTORY = new YAMLFactory();

  private Yaml() {}

  /**
   * Where a node came from: a line of {@code file}, or the environment variable {@code env}.
   *
   * @param file the file as messages name it; null for a variable
   * @param line the 1-based line; 0 for a variable
   * @param env the variable; null for the file
   */
  record Origin(String file, int line, String env) {
    /** Line {@code line} of {@code file}. */
    static Origin ofFile(String file, int line) {
      return new Origin(file, line, null);
    }

    /** The environment variable {@code variable}. */
    static Origin ofEnv(String variable) {
      return new Origin(null, 0, variable);
    }

    /** Whether an environment variable set the node. */
    boolean fromEnv() {
      return env != null;
    }

    /** The start of a message about {@code dottedKey}: {@code file:line: key}, or {@code VAR}. */
    String where(String dottedKey) {
      return fromEnv() ? env : file + ":" + line + ": " + dottedKey;
    }
  }

  /** A node of the tree. */
  sealed interface Node permits Mapping, Sequence, Scalar {
    /** Where the node came from. */
    Origin origin();

    /** How the node appears in messages. */
    String render();
  }

  /**
   * A mapping entry.
   *
   * @param key the key as written
   * @param origin where the key came from
   * @param value the value
   */
  record Entry(String key, Origin origin, Node value) {}

  /**
   * A mapping, keys in file order; {@code entries} is changed only while overrides are applied.
   *
   * @param origin where the mapping starts
   * @param entries the entries by key
   */
  record Mapping(Origin origin, Map<String, Entry> entries) implements Node {
    @Override
    public String render() {
      return "a mapping";
    }
  }

  /**
   * A list.
   *
   * @param origin where the list starts
   * @param items the items in order
   */
  record Sequence(Origin origin, List<Node> items) implements Node {
    /** Copies the items. */
    Sequence {
      items = List.copyOf(items);
    }

    @Override
    public String render() {
      return items.isEmpty() ? "an empty list" : "a list";
    }
  }

  /** What YAML made of a scalar. */
  enum ScalarType {
    /** Text, quoted or not. */
    STRING,
    /** An integer or a decimal number. */
    NUMBER,
    /** {@code true} or {@code false}. */
    BOOLEAN,
    /** No value ({@code key:} or {@code null}). */
    NULL
  }

  /**
   * A scalar as written, with what YAML made of it.
   *
   * @param origin where the scalar is
   * @param text the text as written; empty for {@link ScalarType#NULL}
   * @param type what YAML made of it
   */
  record Scalar(Origin origin, String text, ScalarType type) implements Node {
    /** Strings quoted, numbers and booleans as written, null as {@code empty}. */
    @Override
    public String render() {
      return switch (type) {
        case STRING -> quote(text);
        case NULL -> "empty";
        case NUMBER, BOOLEAN -> text;
      };
    }

    /** Whether the scalar holds no text (no value, or an empty string). */
    boolean isEmpty() {
      return type == ScalarType.NULL || text.isEmpty();
    }
  }

  /**
   * Parses {@code text}; an empty document is an empty mapping at line 1.
   *
   * @param file the file as messages name it
   * @throws ConfigException for text that is not one YAML document, or a duplicate key
   */
  static Node parse(String file, String text) throws ConfigException {
    try (JsonParser parser = FACTORY.createParser(text)) {
      if (parser.nextToken() == null) {
        return new Mapping(Origin.ofFile(file, 1), new LinkedHashMap<>());
      }
      Node root = read(file, "", parser);
      if (parser.nextToken() != null) {
        throw new ConfigException(
            file + ":" + line(parser) + ": a second YAML document (expected: one document)");
      }
      return root;
    } catch (JsonProcessingException e) {
      JsonLocation where = e.getLocation();
      int line = where == null || where.getLineNr() < 1 ? 1 : where.getLineNr();
      String problem = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().strip();
      int newline = problem.indexOf('\n');
      if (newline >= 0) {
        problem = problem.substring(0, newline);
      }
      throw new ConfigException(file + ":" + line + ": " + problem + " (expected: valid YAML)", e);
    } catch (IOException e) {
      throw new ConfigException(file + ": " + e.getMessage() + " (expected: a readable file)", e);
    }
  }

  private static Node read(String file, String path, JsonParser parser)
      throws IOException, ConfigException {
    Origin origin = Origin.ofFile(file, line(parser));
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT -> {
        Map<String, Entry> entries = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String key = parser.currentName();
          Origin keyOrigin = Origin.ofFile(file, line(parser));
          String dotted = path.isEmpty() ? key : path + "." + key;
          if (entries.containsKey(key)) {
            throw new ConfigException(
                keyOrigin.where(dotted)
                    + ": duplicate key (expected: each key once; the first is on line "
                    + entries.get(key).origin().line()
                    + ")");
          }
          parser.nextToken();
          entries.put(key, new Entry(key, keyOrigin, read(file, dotted, parser)));
        }
        return new Mapping(origin, entries);
      }
      case START_ARRAY -> {
        List<Node> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          items.add(read(file, path + "[" + items.size() + "]", parser));
        }
        return new Sequence(origin, items);
      }
      case VALUE_STRING -> {
        return new Scalar(origin, parser.getText(), ScalarType.STRING);
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        return new Scalar(origin, parser.getText(), ScalarType.NUMBER);
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return new Scalar(origin, parser.getText(), ScalarType.BOOLEAN);
      }
      case VALUE_NULL -> {
        return new Scalar(origin, "", ScalarType.NULL);
      }
      default ->
          throw new ConfigException(
              origin.where(path.isEmpty() ? "top level" : path)
                  + ": "
                  + token
                  + " (expected: a mapping, a list or a scalar)");
    }
  }

  private static int line(JsonParser parser) {
    int line = parser.currentTokenLocation().getLineNr();
    return line < 1 ? 1 : line;
  }

  /** {@code text} in double quotes with quotes, backslashes and control characters escaped. */
  static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
