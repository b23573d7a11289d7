package dev.weft.policy.rego.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A variable scope: a rule, an else branch, a comprehension or an {@code every} body. Names
 * declared here ({@code :=}, {@code some}) shadow outer names; names that merely appear here belong
 * to the outermost scope they appear in (a comprehension sees the variables of the body around
 * it).
 */
final class Scope {
  final Scope parent;
  final Set<String> declared = new HashSet<>();
  final Set<String> appearing = new HashSet<>();
  final Map<String, Integer> slots = new HashMap<>();

  Scope(Scope parent) {
    this.parent = parent;
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
