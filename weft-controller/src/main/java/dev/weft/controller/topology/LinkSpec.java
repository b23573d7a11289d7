package dev.weft.controller.topology;

/**
 * One desired link of a node, seen from that node.
 *
 * @param peer the node at the other end
 * @param dial true when this node dials (its id sorts before the peer's), false when it accepts
 */
public record LinkSpec(String peer, boolean dial) {}
