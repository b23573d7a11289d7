package dev.weft.controller.state;

import java.util.Objects;

/**
 * A segment: a group of domains whose nodes the controller links in one {@link TopologyMode}.
 *
 * @param name 1-63 characters of {@code [A-Za-z0-9._-]}
 * @param mode how the segment's nodes are linked
 * @param hub the node id every node links with in {@link TopologyMode#STAR} mode, or null to let
 *     the controller choose; always null in the other modes
 */
public record SegmentRecord(String name, TopologyMode mode, String hub) {
  /**
   * @throws IllegalArgumentException naming the field, its value and what was expected
   */
  public SegmentRecord {
    Check.id("segment name", name);
    Objects.requireNonNull(mode, "mode");
    if (hub != null) {
      Check.id("segment " + name + ": hub", hub);
      if (mode != TopologyMode.STAR) {
        throw new IllegalArgumentException(
            "segment "
                + name
                + ": hub: "
                + Check.quote(hub)
                + " (expected: none in "
                + mode
                + " mode; a hub is for STAR)");
      }
    }
  }
}
