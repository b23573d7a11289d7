package dev.weft.controller.topology;

import java.util.List;

/**
 * What one engine call changed: links that appear or go, and routes whose next hops changed. Only
 * nodes that are up after the call get route changes (a node that went down gets its whole state
 * again when it comes back).
 *
 * <p>Immutable. The route list can be long (a new name changes the route of every node of its
 * segment), so it builds its elements when they are read, from immutable snapshots: it may be read
 * after later engine calls, from any thread that received it safely.
 *
 * @param links the link changes, sorted by dialer then acceptor
 * @param routes the route changes, grouped by name
 */
public record Changes(List<LinkChange> links, List<RouteChange> routes) {

  /** No change. */
  public static final Changes NONE = new Changes(List.of(), List.of());

  /** Copies {@code links}; keeps {@code routes}, which the engine never changes afterwards. */
  public Changes {
    links = List.copyOf(links);
    routes = java.util.Collections.unmodifiableList(routes);
  }

  /** Whether nothing changed. */
  public boolean isEmpty() {
    return links.isEmpty() && routes.isEmpty();
  }
}
