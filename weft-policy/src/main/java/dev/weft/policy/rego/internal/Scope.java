package dev.weft.policy.rego.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A variable scope: a rule, an else branch, a comprehension or an {@code every} body. Names
 * declared here ({@code :=}, {@code some}) shadow outer names; names that merely appear here belong
 * to the outermost scope they appear in (a comprehension sees the variables of the body around it).
 */
final class Scope {
  final Scope parent;

  /** Declared names and the index of the expression declaring them (-1: before the body). */
  final Map<String, Integer> declared = new HashMap<>();

  final Set<String> appearing = new HashSet<>();
  final Map<String, Integer> slots = new HashMap<>();

  /** The index of the expression being compiled; declarations after it are not yet visible. */
  int position = Integer.MAX_VALUE;

  Scope(Scope parent) {
    this.parent = parent;
  }

  /** Declares {@code name} at expression {@code index} (the first declaration counts). */
  void declare(String name, int index) {
    declared.putIfAbsent(name, index);
  }

  /** Whether {@code name} is declared here at or before the current position. */
  boolean declares(String name) {
    Integer at = declared.get(name);
    return at != null && at <= position;
  }

  /** Whether this scope is {@code other} or nested inside it. */
  boolean within(Scope other) {
    for (Scope s = this; s != null; s = s.parent) {
      if (s == other) {
        return true;
      }
    }
    return false;
  }
}
