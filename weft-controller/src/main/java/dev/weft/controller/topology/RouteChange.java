package dev.weft.controller.topology;

import java.util.List;

/**
 * The new next hops of one name at one node.
 *
 * @param node the node whose route changed
 * @param name the fabric name
 * @param nextHops the node ids to forward to, sorted; empty means the route is deleted
 */
public record RouteChange(String node, String name, List<String> nextHops) {

  /** Copies {@code nextHops}. */
  public RouteChange {
    nextHops = List.copyOf(nextHops);
  }

  /** Whether this change deletes the route. */
  public boolean isDelete() {
    return nextHops.isEmpty();
  }
}
