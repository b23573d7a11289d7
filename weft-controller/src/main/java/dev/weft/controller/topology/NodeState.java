package dev.weft.controller.topology;

/**
 * A node the engine knows.
 *
 * @param id the node id
 * @param domain the domain it registered in last
 * @param up whether it is registered and connected now
 */
public record NodeState(String id, String domain, boolean up) {}
