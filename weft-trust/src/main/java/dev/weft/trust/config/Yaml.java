package dev.weft.trust.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as a tree that remembers the line of every key and value, read with Jackson's
 * streaming YAML parser. Duplicate keys are rejected.
 */
final class Yaml {
  private static final YAMLFactory FACTORY = new YAMLFactory();

  private Yaml() {}

  /** A node of the tree; {@code line} is 1-based. */
  sealed interface Node permits Mapping, Sequence, Scalar {
    int line();

    /** How the node appears in messages. */
    String render();
  }

  /** A key of a mapping, with the line it is on, and its value. */
  record Entry(String key, int line, Node value) {}

  /** A mapping, keys in file order. */
  record Mapping(int line, Map<String, Entry> entries) implements Node {
    Mapping {
      entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    @Override
    public String render() {
      return "a mapping";
    }
  }

  /** A list. */
  record Sequence(int line, List<Node> items) implements Node {
    Sequence {
      items = List.copyOf(items);
    }

    @Override
    public String render() {
      return "a list";
    }
  }

  /** What YAML made of a scalar. */
  enum ScalarType {
    STRING,
    NUMBER,
    BOOLEAN,
    NULL
  }

  /** A scalar as written, with what YAML made of it. */
  record Scalar(int line, String text, ScalarType type) implements Node {
    /** Strings quoted, numbers and booleans as written, null as {@code empty}. */
    @Override
    public String render() {
      return switch (type) {
        case STRING -> quote(text);
        case NULL -> "empty";
        case NUMBER, BOOLEAN -> text;
      };
    }
  }

  /**
   * Parses {@code text}; an empty document is an empty mapping at line 1.
   *
   * @param file the file name used in messages
   */
  static Node parse(String file, String text) throws ConfigException {
    try (JsonParser parser = FACTORY.createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return new Mapping(1, Map.of());
      }
      Node root = read(file, "", parser);
      JsonToken extra = parser.nextToken();
      if (extra != null) {
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
      throw new ConfigException(file + ":" + line + ": not valid YAML: " + problem, e);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot be read: " + e.getMessage(), e);
    }
  }

  /** Reads the node whose first token is current; {@code path} is its dotted key. */
  private static Node read(String file, String path, JsonParser parser) throws IOException, ConfigException {
    int line = line(parser);
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT -> {
        Map<String, Entry> entries = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String key = parser.currentName();
          int keyLine = line(parser);
          String dotted = path.isEmpty() ? key : path + "." + key;
          if (entries.containsKey(key)) {
            throw new ConfigException(file + ":" + keyLine + ": " + dotted
                + ": duplicate key (expected: each key once; the first is on line "
                + entries.get(key).line() + ")");
          }
          parser.nextToken();
          entries.put(key, new Entry(key, keyLine, read(file, dotted, parser)));
        }
        return new Mapping(line, entries);
      }
      case START_ARRAY -> {
        List<Node> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          items.add(read(file, path + "[" + items.size() + "]", parser));
        }
        return new Sequence(line, items);
      }
      case VALUE_STRING -> {
        return new Scalar(line, parser.getText(), ScalarType.STRING);
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        return new Scalar(line, parser.getText(), ScalarType.NUMBER);
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return new Scalar(line, parser.getText(), ScalarType.BOOLEAN);
      }
      case VALUE_NULL -> {
        return new Scalar(line, "", ScalarType.NULL);
      }
      default -> throw new ConfigException(
          file + ":" + line + ": unsupported YAML (" + token + ")");
    }
  }

  private static int line(JsonParser parser) {
    int line = parser.currentTokenLocation().getLineNr();
    return line < 1 ? 1 : line;
  }

  static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        default -> out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
