package dev.weft.policy.load;

import dev.weft.policy.PolicyException;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The base data document under construction: documents are mounted at paths and merged object by
 * object; every path remembers the file that defined it, so that a conflict names both files.
 */
final class DataTree {

  /** An object under construction. */
  private static final class Node {
    final Map<String, Slot> children = new LinkedHashMap<>();
  }

  /** One entry: a {@link Node} or a non-object {@link Value}, and the file that put it there. */
  private record Slot(Object content, String origin) {}

  private final Node root = new Node();

  /**
   * Mounts {@code value} at {@code path} ({@code []} is the root, which takes objects only) and
   * merges it with what is already there.
   *
   * @throws PolicyException if the root document is not an object, or a path is already defined by
   *     another file
   */
  void mount(List<String> path, Value value, String file) throws PolicyException {
    if (path.isEmpty()) {
      if (!(value instanceof ObjectValue object)) {
        throw new PolicyException(
            file + ": " + value.typeName() + " at data (expected: an object)", null);
      }
      mergeInto(root, object, new ArrayList<>(), file);
      return;
    }
    Node node = root;
    List<String> at = new ArrayList<>();
    for (String key : path.subList(0, path.size() - 1)) {
      at.add(key);
      Slot slot = node.children.get(key);
      if (slot == null) {
        Node created = new Node();
        node.children.put(key, new Slot(created, file));
        node = created;
      } else if (slot.content() instanceof Node existing) {
        node = existing;
      } else {
        throw conflict(file, at, slot.origin());
      }
    }
    at.add(path.getLast());
    put(node, path.getLast(), value, at, file);
  }

  private static void mergeInto(Node node, ObjectValue object, List<String> at, String file)
      throws PolicyException {
    for (Map.Entry<Value, Value> e : object.entrySet()) {
      String key = e.getKey() instanceof StringValue s ? s.value() : e.getKey().toString();
      at.add(key);
      put(node, key, e.getValue(), at, file);
      at.removeLast();
    }
  }

  private static void put(Node node, String key, Value value, List<String> at, String file)
      throws PolicyException {
    Slot slot = node.children.get(key);
    if (slot == null) {
      node.children.put(key, new Slot(toContent(value, file), file));
    } else if (slot.content() instanceof Node existing && value instanceof ObjectValue object) {
      mergeInto(existing, object, at, file);
    } else {
      throw conflict(file, at, slot.origin());
    }
  }

  private static Object toContent(Value value, String file) {
    if (!(value instanceof ObjectValue object)) {
      return value;
    }
    Node node = new Node();
    for (Map.Entry<Value, Value> e : object.entrySet()) {
      String key = e.getKey() instanceof StringValue s ? s.value() : e.getKey().toString();
      node.children.put(key, new Slot(toContent(e.getValue(), file), file));
    }
    return node;
  }

  private static PolicyException conflict(String file, List<String> at, String origin) {
    String what = file.equals(origin) ? "again in the same file" : "by " + origin;
    return new PolicyException(
        file
            + ": "
            + DataPaths.render(at)
            + " is already defined "
            + what
            + " (expected: each data path defined by one file)",
        null);
  }

  /** The merged document. */
  ObjectValue build() {
    return build(root);
  }

  private static ObjectValue build(Node node) {
    ObjectValue.Builder b = ObjectValue.builder();
    for (Map.Entry<String, Slot> e : node.children.entrySet()) {
      Object content = e.getValue().content();
      b.put(e.getKey(), content instanceof Node child ? build(child) : (Value) content);
    }
    return b.build();
  }
}
