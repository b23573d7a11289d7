package dev.weft.cli.local;

import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.proto.trust.v1.AdminGrpc;
import dev.weft.proto.trust.v1.CreateFederationRequest;
import dev.weft.proto.trust.v1.Entry;
import dev.weft.proto.trust.v1.FederationRelationship;
import dev.weft.proto.trust.v1.GetBundleRequest;
import dev.weft.proto.trust.v1.ListEntriesRequest;
import dev.weft.proto.trust.v1.ListFederationsRequest;
import dev.weft.proto.trust.v1.RefreshFederationRequest;
import dev.weft.proto.trust.v1.UpdateEntryRequest;
import dev.weft.proto.trust.v1.UpdateFederationRequest;
import dev.weft.trust.uds.UnixSocketChannels;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Federates the local trust domains in a full mesh through their SPIFFE bundle endpoints ({@code
 * https_spiffe}, bootstrapped with each other's current bundle), and lets the current user's
 * workload entry in each domain see the bundles of all the others. Bundle endpoint ports change
 * between runs, so relationships are created or updated on every {@code up}.
 */
final class LocalFederation {
  private LocalFederation() {}

  static void federate(List<LocalDomain> domains) throws IOException {
    if (domains.size() < 2) {
      return;
    }
    Map<TrustDomain, ManagedChannel> channels = new HashMap<>();
    try {
      for (LocalDomain d : domains) {
        channels.put(d.trustDomain(), UnixSocketChannels.open(d.adminSocket()));
      }
      for (LocalDomain d : domains) {
        AdminGrpc.AdminBlockingStub admin =
            AdminGrpc.newBlockingStub(channels.get(d.trustDomain()));
        Set<String> existing =
            admin
                .listFederations(ListFederationsRequest.getDefaultInstance())
                .getRelationshipsList()
                .stream()
                .map(FederationRelationship::getTrustDomain)
                .collect(Collectors.toSet());
        for (LocalDomain other : domains) {
          if (other == d) {
            continue;
          }
          AdminGrpc.AdminBlockingStub otherAdmin =
              AdminGrpc.newBlockingStub(channels.get(other.trustDomain()));
          FederationRelationship relationship =
              FederationRelationship.newBuilder()
                  .setTrustDomain(other.trustDomain().name())
                  .setBundleEndpointUrl("https://127.0.0.1:" + other.bundleEndpointPort())
                  .setBundleEndpointProfile("https_spiffe")
                  .setEndpointSpiffeId(
                      SpiffeId.of(other.trustDomain(), "weft", "server").toString())
                  .setBootstrapBundle(
                      otherAdmin.getBundle(GetBundleRequest.getDefaultInstance()).getSpiffeBundle())
                  .build();
          if (existing.contains(other.trustDomain().name())) {
            admin.updateFederation(
                UpdateFederationRequest.newBuilder().setRelationship(relationship).build());
          } else {
            admin.createFederation(
                CreateFederationRequest.newBuilder().setRelationship(relationship).build());
          }
          admin.refreshFederation(
              RefreshFederationRequest.newBuilder()
                  .setTrustDomain(other.trustDomain().name())
                  .build());
        }
        letUserSeeOthers(admin, d, domains);
      }
    } finally {
      channels.values().forEach(ManagedChannel::shutdownNow);
    }
  }

  private static void letUserSeeOthers(
      AdminGrpc.AdminBlockingStub admin, LocalDomain d, List<LocalDomain> domains) {
    Set<String> others = new TreeSet<>();
    for (LocalDomain other : domains) {
      if (other != d) {
        others.add(other.trustDomain().name());
      }
    }
    for (Entry entry :
        admin
            .listEntries(
                ListEntriesRequest.newBuilder()
                    .setSpiffeId(d.userId().toString())
                    .setParentId(d.agentId().toString())
                    .build())
            .getEntriesList()) {
      if (!new TreeSet<>(entry.getFederatesWithList()).equals(others)) {
        admin.updateEntry(
            UpdateEntryRequest.newBuilder()
                .setEntry(entry.toBuilder().clearFederatesWith().addAllFederatesWith(others))
                .build());
      }
    }
  }
}
