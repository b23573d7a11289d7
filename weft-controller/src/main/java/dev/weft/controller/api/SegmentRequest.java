package dev.weft.controller.api;

/**
 * {@code POST /v1/segments}: create a segment or change its topology.
 *
 * @param topology {@code mesh}, {@code star} or {@code pairs}
 * @param hub a star's hub node id, or null
 */
public record SegmentRequest(String name, String topology, String hub) {}
