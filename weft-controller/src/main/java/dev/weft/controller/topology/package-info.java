/**
 * The controller's topology and route engine: a pure, single-threaded, in-memory model of the
 * fabric's segments, domains, nodes, links and subscriptions, which says which links each node
 * should hold and which next hops each node should use for each name, and returns every change as a
 * delta so the controller sends only what changed.
 *
 * <p>{@link dev.weft.controller.topology.TopologyEngine} is the entry point; it does no I/O and
 * starts no thread. Its caller serializes the calls.
 */
package dev.weft.controller.topology;
