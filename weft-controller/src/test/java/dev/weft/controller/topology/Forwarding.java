package dev.weft.controller.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Forwards a message over route tables as the nodes do, and checks where it arrives. */
final class Forwarding {
  private Forwarding() {}

  /**
   * Multicast from {@code publisher}: each node delivers locally when it subscribes and forwards to
   * every next hop but the one it came from. Asserts that every subscriber gets it exactly once and
   * no node sees it twice (no loop, no duplicate).
   */
  static void multicast(
      Map<String, Map<String, List<String>>> routes,
      String publisher,
      String name,
      Set<String> subscribers) {
    Map<String, Integer> seen = new HashMap<>();
    Set<String> delivered = new HashSet<>();
    ArrayDeque<String[]> queue = new ArrayDeque<>();
    queue.add(new String[] {publisher, null});
    while (!queue.isEmpty()) {
      String[] hop = queue.poll();
      String node = hop[0];
      int times = seen.merge(node, 1, Integer::sum);
      assertThat(times).as("%s reached %s twice (publisher %s)", name, node, publisher).isOne();
      if (subscribers.contains(node)) {
        delivered.add(node);
      }
      for (String next : routes.getOrDefault(node, Map.of()).getOrDefault(name, List.of())) {
        if (!next.equals(hop[1])) {
          queue.add(new String[] {next, node});
        }
      }
    }
    assertThat(delivered).as("multicast of %s from %s", name, publisher).isEqualTo(subscribers);
  }

  /**
   * Anycast from {@code publisher}: a subscriber node delivers; any other forwards to its first
   * next hop but the one it came from. Asserts that it ends at a subscriber within as many hops as
   * there are nodes.
   */
  static String anycast(
      Map<String, Map<String, List<String>>> routes,
      String publisher,
      String name,
      Set<String> subscribers) {
    String node = publisher;
    String from = null;
    for (int hops = 0; hops <= routes.size() + 1; hops++) {
      if (subscribers.contains(node)) {
        return node;
      }
      String next = null;
      for (String candidate : routes.getOrDefault(node, Map.of()).getOrDefault(name, List.of())) {
        if (!candidate.equals(from)) {
          next = candidate;
          break;
        }
      }
      assertThat(next).as("anycast of %s from %s stuck at %s", name, publisher, node).isNotNull();
      from = node;
      node = next;
    }
    throw new AssertionError("anycast of " + name + " from " + publisher + " loops");
  }
}
