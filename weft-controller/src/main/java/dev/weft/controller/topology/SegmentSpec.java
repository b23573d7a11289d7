package dev.weft.controller.topology;

/**
 * A segment as configured.
 *
 * @param name the segment's name
 * @param mode how its nodes are linked
 * @param hub the configured hub node of a {@link Mode#STAR} segment, or null (then the up node of
 *     smallest id is the hub)
 */
public record SegmentSpec(String name, Mode mode, String hub) {}
