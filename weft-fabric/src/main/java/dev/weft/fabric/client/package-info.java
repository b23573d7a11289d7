/**
 * The client agents use to reach the fabric: {@link dev.weft.fabric.client.FabricClient} connects
 * to a node over mutual TLS with the workload's SVID, subscribes, publishes (anycast, unicast,
 * multicast) and makes requests whose replies come back to the client's own instance name. When the
 * connection drops it redials that node, or the next of its list, and restores its subscriptions.
 */
package dev.weft.fabric.client;
