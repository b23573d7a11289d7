/**
 * Reliable point-to-point sessions over the fabric client: a {@link
 * dev.weft.fabric.session.SessionEndpoint} opens sessions to a name (anycast picks one instance,
 * the session then sticks to it) and accepts sessions on names. A {@link
 * dev.weft.fabric.session.Session} acknowledges every message, retransmits on timeout with
 * exponential backoff, suppresses duplicates, delivers in order through a bounded reorder buffer,
 * ends on an idle timeout or a clean close from either side, and carries request/reply correlated
 * by id with deadlines. The header each payload carries is defined in {@code SessionFrame}.
 */
package dev.weft.fabric.session;
