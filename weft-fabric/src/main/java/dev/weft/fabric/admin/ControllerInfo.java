package dev.weft.fabric.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * A node's control channel, as {@code GET /v1/node} shows it under {@code controller}.
 *
 * @param endpoint the controller's southbound API ({@code controller.endpoint})
 * @param peer the SPIFFE ID the controller must prove ({@code controller.peer})
 * @param state {@code connected} (registered), {@code connecting} (dialling, or redialling after a
 *     failure) or {@code refused} (the controller refused the registration; retried)
 * @param lastError why the channel last failed or was refused; empty when connected
 */
public record ControllerInfo(
    @JsonProperty("endpoint") String endpoint,
    @JsonProperty("peer") String peer,
    @JsonProperty("state") String state,
    @JsonProperty("last_error") String lastError) {

  /** Checks that no field is null. */
  public ControllerInfo {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(peer, "peer");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(lastError, "lastError");
  }
}
