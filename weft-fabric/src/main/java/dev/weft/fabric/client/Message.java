package dev.weft.fabric.client;

import dev.weft.fabric.Name;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A message a subscriber received.
 *
 * @param name the name it was published to
 * @param source the publisher's own instance name (where a reply goes); empty if it gave none
 * @param id the publisher's message id (a reply carries the request's)
 * @param request whether the publisher waits for a reply ({@link FabricClient#reply})
 * @param multicast whether it was published to every subscriber
 * @param metadata string pairs, such as the W3C {@code traceparent}
 * @param payload the body; the array is the receiver's own
 */
public record Message(
    Name name,
    Optional<Name> source,
    long id,
    boolean request,
    boolean multicast,
    Map<String, String> metadata,
    byte[] payload) {

  /** The metadata key of the W3C trace context. */
  public static final String TRACEPARENT = "traceparent";

  /** Checks the fields. */
  public Message {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(source, "source");
    metadata = Map.copyOf(metadata);
    Objects.requireNonNull(payload, "payload");
  }

  /** The W3C trace context the publisher sent, if any. */
  public Optional<String> traceparent() {
    return Optional.ofNullable(metadata.get(TRACEPARENT));
  }
}
