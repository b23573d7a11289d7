package dev.weft.trust.wire;

import dev.weft.identity.bundle.BundleException;
import dev.weft.identity.bundle.SpiffeBundleFormat;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.proto.trust.v1.FederationStatus;
import dev.weft.trust.federation.BundleEndpointProfile;
import dev.weft.trust.federation.FederationRecord;
import dev.weft.trust.federation.FederationRelationship;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Federation relationships to and from their admin-API messages. */
public final class FederationMessages {
  private FederationMessages() {}

  /** The wire form of {@code record}, with the sequence of the bundle held and the next refresh. */
  public static dev.weft.proto.trust.v1.FederationRelationship toMessage(
      FederationRecord record, Optional<TrustBundle> held, Optional<Instant> nextRefresh) {
    FederationRelationship r = record.relationship();
    var status =
        FederationStatus.newBuilder()
            .setHasBundle(held.isPresent())
            .setSequence(
                held.flatMap(
                        b ->
                            b.sequence().isPresent()
                                ? Optional.of(b.sequence().getAsLong())
                                : Optional.<Long>empty())
                    .orElse(0L))
            .setSource(r.source().configName())
            .setFailing(record.status().failing())
            .setRollbacksRefused(record.status().rollbacksRefused());
    record.status().lastSuccess().ifPresent(t -> status.setLastSuccessUnix(t.getEpochSecond()));
    record.status().lastError().ifPresent(status::setLastError);
    record.status().lastErrorAt().ifPresent(t -> status.setLastErrorUnix(t.getEpochSecond()));
    nextRefresh.ifPresent(t -> status.setNextRefreshUnix(t.getEpochSecond()));
    var out =
        dev.weft.proto.trust.v1.FederationRelationship.newBuilder()
            .setTrustDomain(r.trustDomain().name())
            .setBundleEndpointUrl(r.bundleEndpointUrl().toString())
            .setBundleEndpointProfile(r.profile().configName())
            .setStatus(status);
    r.endpointSpiffeId().ifPresent(id -> out.setEndpointSpiffeId(id.toString()));
    r.bootstrapBundle().ifPresent(b -> out.setBootstrapBundle(SpiffeBundleFormat.write(b)));
    return out.build();
  }

  /**
   * The domain form of {@code message} (its status is ignored), declared through the API.
   *
   * @throws IllegalArgumentException naming every bad field as {@code relationship.<field>: ...}
   */
  public static FederationRelationship fromMessage(
      dev.weft.proto.trust.v1.FederationRelationship message) {
    List<String> problems = new ArrayList<>();
    TrustDomain td = null;
    try {
      td = TrustDomain.parse(message.getTrustDomain());
    } catch (IllegalArgumentException e) {
      problems.add("relationship.trust_domain: " + e.getMessage());
    }
    URI url = null;
    try {
      url = new URI(message.getBundleEndpointUrl());
    } catch (URISyntaxException e) {
      problems.add(
          "relationship.bundle_endpoint_url: \""
              + message.getBundleEndpointUrl()
              + "\" (expected: an https URL such as https://spire.example.org:8443)");
    }
    BundleEndpointProfile profile = null;
    try {
      profile = BundleEndpointProfile.parse(message.getBundleEndpointProfile());
    } catch (IllegalArgumentException e) {
      problems.add("relationship." + e.getMessage());
    }
    Optional<SpiffeId> endpointId = Optional.empty();
    if (!message.getEndpointSpiffeId().isEmpty()) {
      try {
        endpointId = Optional.of(SpiffeId.parse(message.getEndpointSpiffeId()));
      } catch (IllegalArgumentException e) {
        problems.add("relationship.endpoint_spiffe_id: " + e.getMessage());
      }
    }
    Optional<TrustBundle> bootstrap = Optional.empty();
    if (!message.getBootstrapBundle().isEmpty() && td != null) {
      try {
        bootstrap = Optional.of(SpiffeBundleFormat.parse(td, message.getBootstrapBundle()));
      } catch (BundleException e) {
        problems.add("relationship.bootstrap_bundle: " + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return new FederationRelationship(
        td, url, profile, endpointId, bootstrap, FederationRelationship.Source.API);
  }
}
