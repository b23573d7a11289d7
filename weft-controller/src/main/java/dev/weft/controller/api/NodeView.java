package dev.weft.controller.api;

/**
 * A node the controller knows.
 *
 * @param state {@code connected} while its control channel is open, else {@code disconnected}
 * @param registeredAt when it first registered (ISO-8601)
 * @param lastSeen when its control channel last opened or closed (ISO-8601)
 * @param subscriptions names with a local subscriber on it
 * @param routes routes the controller installed on it
 * @param lastError the last error it acknowledged a command with ({@code ""} if none)
 */
public record NodeView(
    String id,
    String domain,
    String segment,
    String spiffeId,
    String localEndpoint,
    String externalEndpoint,
    String state,
    String registeredAt,
    String lastSeen,
    int subscriptions,
    int routes,
    long commandsAcknowledged,
    long commandsFailed,
    String lastError) {}
