package dev.weft.controller.topology;

/**
 * A link that appears ({@code up}) or goes. The dialer is the node whose id sorts first; the
 * acceptor admits its dial.
 *
 * @param dialer the node that dials
 * @param acceptor the node that accepts
 * @param up true when the link should now exist, false when it should be torn down
 */
public record LinkChange(String dialer, String acceptor, boolean up) {}
