package dev.weft.controller.api;

/** A name with a local subscriber on {@code node}, as the node reported it. */
public record SubscriptionView(String node, String name) {}
