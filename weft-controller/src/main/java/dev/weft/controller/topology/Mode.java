package dev.weft.controller.topology;

/** How the nodes of a segment are linked, on top of the explicit links. */
public enum Mode {
  /** Every up node of the segment is linked with every other. */
  MESH,
  /** Every up node of the segment is linked with the segment's hub. */
  STAR,
  /** Only the explicit links exist. */
  PAIRS
}
