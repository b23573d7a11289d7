package dev.weft.controller.api;

/**
 * One end of a link between two nodes, as the controller asked for it.
 *
 * @param direction {@code dial} (this node dials the other) or {@code accept}
 * @param endpoint the other node's external endpoint (where the dialer dials)
 * @param state {@code installed} when both nodes are connected to the controller, else {@code
 *     pending}
 */
public record ConnectionView(
    String node,
    String peerNode,
    String direction,
    String endpoint,
    String peerSpiffeId,
    String state) {}
