/**
 * The fabric node: {@link dev.weft.fabric.node.Node} and its configuration ({@link
 * dev.weft.fabric.node.NodeConfig}, read from YAML), the subscription table and forwarding, links
 * to other nodes over static routes, bounded per-connection queues, metrics and the admin endpoint.
 */
package dev.weft.fabric.node;
