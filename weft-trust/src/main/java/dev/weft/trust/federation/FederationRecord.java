package dev.weft.trust.federation;

import java.util.Objects;

/** A stored relationship with the outcome of its fetches. */
public record FederationRecord(FederationRelationship relationship, FederationStatus status) {
  public FederationRecord {
    Objects.requireNonNull(relationship, "relationship");
    Objects.requireNonNull(status, "status");
  }
}
