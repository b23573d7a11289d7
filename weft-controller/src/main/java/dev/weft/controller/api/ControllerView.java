package dev.weft.controller.api;

/** The controller itself: who it is, where it listens, and how much it manages. */
public record ControllerView(
    String id,
    String spiffeId,
    String southbound,
    String northbound,
    int nodes,
    int connected,
    int segments,
    int domains,
    int subscriptions) {}
