package dev.weft.controller.api;

import java.util.List;

/** A route the controller installed on {@code node}: {@code name} goes to the next hops. */
public record RouteView(String node, String name, List<String> nextHops) {}
