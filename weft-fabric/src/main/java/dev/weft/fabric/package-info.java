/**
 * The messaging fabric: {@link dev.weft.fabric.Name}s, the errors the fabric reports, and the
 * packages of the wire ({@code wire}), the routing node ({@code node}), the client agents use
 * ({@code client}), the node's authorization ({@code policy}) and its admin endpoint ({@code
 * admin}).
 */
package dev.weft.fabric;
