package dev.weft.controller.api;

import java.util.List;

/**
 * A segment: a set of domains whose nodes are linked with one topology and share names.
 *
 * @param topology {@code mesh}, {@code star} or {@code pairs}
 * @param hub the star's hub node id ({@code ""} when unset or not a star)
 */
public record SegmentView(
    String name, String topology, String hub, List<String> domains, int nodes) {}
