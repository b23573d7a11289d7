package dev.weft.fabric.node;

import dev.weft.identity.spiffeid.SpiffeId;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Where a node's controller is ({@code controller} in the node's file): the node dials {@code
 * endpoint} over mutual TLS and requires the controller to prove exactly {@code peer}.
 *
 * @param endpoint the controller's southbound gRPC API, {@code host:port} ({@code
 *     controller.endpoint})
 * @param peer the SPIFFE ID the controller must present ({@code controller.peer}); it may be of
 *     another, federated trust domain
 */
public record ControllerEndpoint(InetSocketAddress endpoint, SpiffeId peer) {

  /** Checks that both are given. */
  public ControllerEndpoint {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(peer, "peer");
  }
}
