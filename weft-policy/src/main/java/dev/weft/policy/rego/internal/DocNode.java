package dev.weft.policy.rego.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A node of the virtual document tree: a path under {@code data} with the rules defined at it and
 * the nodes beneath it. Built by the {@link Compiler}, read-only afterwards.
 */
final class DocNode {

  /** What the rules at a node define. */
  enum Kind {
    /** No rules here: a package or a prefix of rule paths. */
    NONE,
    /** Complete rules: one value. */
    COMPLETE,
    /** Partial set rules ({@code contains}). */
    SET,
    /** Partial object and general ref-head rules: keys beneath this node. */
    OBJECT,
    /** Functions. */
    FUNCTION
  }

  final String[] path; // without "data"
  final Map<String, DocNode> children = new TreeMap<>();
  final List<CompiledRule> rules = new ArrayList<>();
  Kind kind = Kind.NONE;
  CompiledRule defaultRule;
  int arity = -1;

  DocNode(String[] path) {
    this.path = path;
  }

  DocNode child(String key) {
    return children.get(key);
  }

  DocNode childOrCreate(String key) {
    return children.computeIfAbsent(
        key,
        k -> {
          String[] p = java.util.Arrays.copyOf(path, path.length + 1);
          p[path.length] = k;
          return new DocNode(p);
        });
  }

  /** Whether this node or any node beneath it has rules other than functions. */
  boolean hasDocuments() {
    if (kind != Kind.NONE && kind != Kind.FUNCTION) {
      return true;
    }
    for (DocNode c : children.values()) {
      if (c.hasDocuments()) {
        return true;
      }
    }
    return false;
  }

  /** {@code data.a.b.c}. */
  String pathString() {
    StringBuilder out = new StringBuilder("data");
    for (String p : path) {
      out.append('.').append(p);
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return pathString();
  }
}
