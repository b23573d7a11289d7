package dev.weft.policy.rego.internal.builtins;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A {@link BuiltinContext} for tests: a fixed time, collected print output, a plain cache. */
final class TestContext implements BuiltinContext {

  final long now;
  final List<String> printed = new ArrayList<>();
  final Map<Object, Object> cache = new HashMap<>();

  TestContext(long now) {
    this.now = now;
  }

  @Override
  public long nowNanos() {
    return now;
  }

  @Override
  public void print(String line) {
    printed.add(line);
  }

  @Override
  public Map<Object, Object> cache() {
    return cache;
  }
}
