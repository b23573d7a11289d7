package dev.weft.controller.topology;

/**
 * An explicit link, added with {@link TopologyEngine#addLink}. It exists while both nodes are up in
 * one segment.
 *
 * @param first the node whose id sorts first (it dials)
 * @param second the other node
 */
public record ExplicitLink(String first, String second) {}
