/**
 * A node's loopback admin endpoint: the JSON shapes of {@code /v1/node}, {@code /v1/nodes}, {@code
 * /v1/routes} and {@code /v1/connections}, and {@link dev.weft.fabric.admin.AdminClient} that reads
 * them.
 */
package dev.weft.fabric.admin;
