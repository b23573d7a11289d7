package dev.weft.controller.state;

/** How the controller links the nodes of one segment. */
public enum TopologyMode {
  /** Every node links with every other node of the segment. */
  MESH,
  /** Every node links with the segment's hub. */
  STAR,
  /** Only the explicit links ({@link LinkRecord}) between nodes of the segment. */
  PAIRS
}
