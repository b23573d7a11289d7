/**
 * The fabric node: {@link dev.weft.fabric.node.Node} and its configuration ({@link
 * dev.weft.fabric.node.NodeConfig}, read from YAML), the subscription table and forwarding, links
 * to other nodes over static routes or from the controller, the control channel to the controller
 * (register, subscription updates, configuration commands), bounded per-connection queues, metrics
 * and the admin endpoint.
 */
package dev.weft.fabric.node;
