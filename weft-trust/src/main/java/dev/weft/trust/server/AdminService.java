package dev.weft.trust.server;

import dev.weft.identity.bundle.BundleException;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.proto.trust.v1.AdminGrpc;
import dev.weft.proto.trust.v1.Agent;
import dev.weft.proto.trust.v1.BanAgentRequest;
import dev.weft.proto.trust.v1.BanAgentResponse;
import dev.weft.proto.trust.v1.Bundle;
import dev.weft.proto.trust.v1.CreateEntryRequest;
import dev.weft.proto.trust.v1.CreateFederationRequest;
import dev.weft.proto.trust.v1.DeleteBundleRequest;
import dev.weft.proto.trust.v1.DeleteBundleResponse;
import dev.weft.proto.trust.v1.DeleteEntryRequest;
import dev.weft.proto.trust.v1.DeleteEntryResponse;
import dev.weft.proto.trust.v1.DeleteFederationRequest;
import dev.weft.proto.trust.v1.DeleteFederationResponse;
import dev.weft.proto.trust.v1.Entry;
import dev.weft.proto.trust.v1.EvictAgentRequest;
import dev.weft.proto.trust.v1.EvictAgentResponse;
import dev.weft.proto.trust.v1.FederationRelationship;
import dev.weft.proto.trust.v1.GenerateJoinTokenRequest;
import dev.weft.proto.trust.v1.GetAgentRequest;
import dev.weft.proto.trust.v1.GetBundleRequest;
import dev.weft.proto.trust.v1.GetEntryRequest;
import dev.weft.proto.trust.v1.GetFederationRequest;
import dev.weft.proto.trust.v1.HealthRequest;
import dev.weft.proto.trust.v1.HealthResponse;
import dev.weft.proto.trust.v1.JoinToken;
import dev.weft.proto.trust.v1.ListAgentsRequest;
import dev.weft.proto.trust.v1.ListAgentsResponse;
import dev.weft.proto.trust.v1.ListBundlesRequest;
import dev.weft.proto.trust.v1.ListBundlesResponse;
import dev.weft.proto.trust.v1.ListEntriesRequest;
import dev.weft.proto.trust.v1.ListEntriesResponse;
import dev.weft.proto.trust.v1.ListFederationsRequest;
import dev.weft.proto.trust.v1.ListFederationsResponse;
import dev.weft.proto.trust.v1.ListenerRefusals;
import dev.weft.proto.trust.v1.RefreshFederationRequest;
import dev.weft.proto.trust.v1.SetBundleRequest;
import dev.weft.proto.trust.v1.UpdateEntryRequest;
import dev.weft.proto.trust.v1.UpdateFederationRequest;
import dev.weft.trust.federation.FederationRecord;
import dev.weft.trust.registration.EntryValidator;
import dev.weft.trust.registration.InvalidEntryException;
import dev.weft.trust.registration.RegistrationEntry;
import dev.weft.trust.registration.Selector;
import dev.weft.trust.store.AttestedNode;
import dev.weft.trust.store.DataStore;
import dev.weft.trust.store.EntryFilter;
import dev.weft.trust.store.JoinTokenRecord;
import dev.weft.trust.wire.BundleMessages;
import dev.weft.trust.wire.EntryMessages;
import dev.weft.trust.wire.FederationMessages;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API: registration entries, bundles, join tokens, agents and health. Served only on the
 * owner-only unix socket. Every change is validated whole before anything is stored, and open agent
 * sync streams are told about it.
 */
final class AdminService extends AdminGrpc.AdminImplBase {
  private static final Logger log = LoggerFactory.getLogger(AdminService.class);
  private static final Duration DEFAULT_TOKEN_TTL = Duration.ofMinutes(10);
  private static final Duration MAX_TOKEN_TTL = Duration.ofDays(30);

  private final TrustDomain trustDomain;
  private final DataStore store;
  private final SyncHub hub;
  private final Federation federation;
  private final Clock clock;
  private final Supplier<TrustServer.Refusals> refusals;

  AdminService(
      TrustDomain trustDomain,
      DataStore store,
      SyncHub hub,
      Federation federation,
      Clock clock,
      Supplier<TrustServer.Refusals> refusals) {
    this.refusals = refusals;
    this.trustDomain = trustDomain;
    this.store = store;
    this.hub = hub;
    this.federation = federation;
    this.clock = clock;
  }

  @Override
  public void createEntry(CreateEntryRequest request, StreamObserver<Entry> response) {
    NodeService.reply(
        response,
        () -> {
          RegistrationEntry entry = validated(request.getEntry().toBuilder().setId("").build());
          RegistrationEntry created = store.createEntry(entry);
          log.info(
              "entry {} created: {} (parent {})",
              created.id(),
              created.spiffeId(),
              created.parentId());
          hub.changed();
          return EntryMessages.toMessage(created);
        });
  }

  @Override
  public void updateEntry(UpdateEntryRequest request, StreamObserver<Entry> response) {
    NodeService.reply(
        response,
        () -> {
          if (request.getEntry().getId().isEmpty()) {
            throw invalid("entry.id: missing (expected: the ID of the entry to update)");
          }
          RegistrationEntry updated = store.updateEntry(validated(request.getEntry()));
          log.info("entry {} updated to revision {}", updated.id(), updated.revision());
          hub.changed();
          return EntryMessages.toMessage(updated);
        });
  }

  @Override
  public void deleteEntry(
      DeleteEntryRequest request, StreamObserver<DeleteEntryResponse> response) {
    NodeService.reply(
        response,
        () -> {
          if (request.getId().isEmpty()) {
            throw invalid("id: missing (expected: the ID of the entry to delete)");
          }
          store.deleteEntry(request.getId());
          log.info("entry {} deleted", request.getId());
          hub.changed();
          return DeleteEntryResponse.getDefaultInstance();
        });
  }

  @Override
  public void getEntry(GetEntryRequest request, StreamObserver<Entry> response) {
    NodeService.reply(
        response,
        () ->
            store
                .entry(request.getId())
                .map(EntryMessages::toMessage)
                .orElseThrow(
                    () ->
                        Status.NOT_FOUND
                            .withDescription("entry " + request.getId() + ": not found")
                            .asRuntimeException()));
  }

  @Override
  public void listEntries(
      ListEntriesRequest request, StreamObserver<ListEntriesResponse> response) {
    NodeService.reply(
        response,
        () -> {
          Set<Selector> selectors = new TreeSet<>();
          for (String s : request.getSelectorsList()) {
            selectors.add(parse(() -> Selector.parse(s), "selectors"));
          }
          EntryFilter filter =
              new EntryFilter(
                  optionalId(request.getSpiffeId(), "spiffe_id"),
                  optionalId(request.getParentId(), "parent_id"),
                  selectors);
          ListEntriesResponse.Builder out = ListEntriesResponse.newBuilder();
          for (RegistrationEntry e : store.listEntries(filter)) {
            out.addEntries(EntryMessages.toMessage(e));
          }
          return out.build();
        });
  }

  @Override
  public void getBundle(GetBundleRequest request, StreamObserver<Bundle> response) {
    NodeService.reply(
        response,
        () ->
            store
                .bundle(trustDomain)
                .map(BundleMessages::toMessage)
                .orElseThrow(
                    () ->
                        Status.UNAVAILABLE
                            .withDescription("the local bundle is not published yet")
                            .asRuntimeException()));
  }

  @Override
  public void listBundles(
      ListBundlesRequest request, StreamObserver<ListBundlesResponse> response) {
    NodeService.reply(
        response,
        () -> {
          List<TrustBundle> bundles = new ArrayList<>(store.bundles());
          // the local bundle first, then the federated ones by name
          bundles.sort(
              (a, b) ->
                  a.trustDomain().equals(trustDomain)
                      ? -1
                      : b.trustDomain().equals(trustDomain)
                          ? 1
                          : a.trustDomain().compareTo(b.trustDomain()));
          ListBundlesResponse.Builder out = ListBundlesResponse.newBuilder();
          bundles.forEach(b -> out.addBundles(BundleMessages.toMessage(b)));
          return out.build();
        });
  }

  @Override
  public void setBundle(SetBundleRequest request, StreamObserver<Bundle> response) {
    NodeService.reply(
        response,
        () -> {
          TrustBundle bundle;
          try {
            bundle = BundleMessages.fromMessage(request.getBundle());
          } catch (BundleException e) {
            throw invalid(e.getMessage());
          }
          if (bundle.trustDomain().equals(trustDomain)) {
            throw invalid(
                "bundle.trust_domain: "
                    + trustDomain
                    + " is this server's own trust domain (expected: another trust domain; the local"
                    + " bundle is managed by the CA)");
          }
          if (bundle.x509Authorities().isEmpty() && bundle.jwtAuthorities().isEmpty()) {
            throw invalid("bundle: no X.509 or JWT authorities (expected: at least one)");
          }
          if (bundle.sequence().isEmpty()) {
            long next =
                store
                    .bundle(bundle.trustDomain())
                    .flatMap(
                        b -> {
                          return b.sequence().isPresent()
                              ? Optional.of(b.sequence().getAsLong() + 1)
                              : Optional.<Long>empty();
                        })
                    .orElse(1L);
            bundle = bundle.withSequence(next);
          }
          store.putBundle(bundle);
          log.info(
              "bundle of {} set (sequence {})", bundle.trustDomain(), bundle.sequence().orElse(0));
          hub.changed();
          return BundleMessages.toMessage(bundle);
        });
  }

  @Override
  public void deleteBundle(
      DeleteBundleRequest request, StreamObserver<DeleteBundleResponse> response) {
    NodeService.reply(
        response,
        () -> {
          TrustDomain td = parse(() -> TrustDomain.parse(request.getTrustDomain()), "trust_domain");
          if (td.equals(trustDomain)) {
            throw invalid(
                "trust_domain: "
                    + td
                    + " is this server's own trust domain (expected: another trust domain)");
          }
          if (!store.deleteBundle(td)) {
            throw Status.NOT_FOUND
                .withDescription("bundle of " + td + ": not found")
                .asRuntimeException();
          }
          log.info("bundle of {} deleted", td);
          hub.changed();
          return DeleteBundleResponse.getDefaultInstance();
        });
  }

  @Override
  public void createFederation(
      CreateFederationRequest request, StreamObserver<FederationRelationship> response) {
    NodeService.reply(
        response, () -> describe(federation.create(relationship(request.getRelationship()))));
  }

  @Override
  public void updateFederation(
      UpdateFederationRequest request, StreamObserver<FederationRelationship> response) {
    NodeService.reply(
        response, () -> describe(federation.update(relationship(request.getRelationship()))));
  }

  @Override
  public void deleteFederation(
      DeleteFederationRequest request, StreamObserver<DeleteFederationResponse> response) {
    NodeService.reply(
        response,
        () -> {
          federation.delete(
              parse(() -> TrustDomain.parse(request.getTrustDomain()), "trust_domain"));
          return DeleteFederationResponse.getDefaultInstance();
        });
  }

  @Override
  public void getFederation(
      GetFederationRequest request, StreamObserver<FederationRelationship> response) {
    NodeService.reply(
        response,
        () -> {
          TrustDomain td = parse(() -> TrustDomain.parse(request.getTrustDomain()), "trust_domain");
          return describe(
              federation
                  .get(td)
                  .orElseThrow(
                      () ->
                          Status.NOT_FOUND
                              .withDescription("federation relationship with " + td + ": not found")
                              .asRuntimeException()));
        });
  }

  @Override
  public void listFederations(
      ListFederationsRequest request, StreamObserver<ListFederationsResponse> response) {
    NodeService.reply(
        response,
        () -> {
          ListFederationsResponse.Builder out = ListFederationsResponse.newBuilder();
          for (FederationRecord record : federation.list()) {
            out.addRelationships(describe(record));
          }
          return out.build();
        });
  }

  @Override
  public void refreshFederation(
      RefreshFederationRequest request, StreamObserver<FederationRelationship> response) {
    NodeService.reply(
        response,
        () ->
            describe(
                federation.refresh(
                    parse(() -> TrustDomain.parse(request.getTrustDomain()), "trust_domain"))));
  }

  private FederationRelationship describe(FederationRecord record)
      throws dev.weft.trust.store.StoreException {
    TrustDomain td = record.relationship().trustDomain();
    return FederationMessages.toMessage(record, store.bundle(td), federation.nextRefresh(td));
  }

  private static dev.weft.trust.federation.FederationRelationship relationship(
      FederationRelationship message) {
    try {
      return FederationMessages.fromMessage(message);
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
  }

  @Override
  public void generateJoinToken(
      GenerateJoinTokenRequest request, StreamObserver<JoinToken> response) {
    NodeService.reply(
        response,
        () -> {
          Duration ttl =
              request.getTtlSeconds() == 0
                  ? DEFAULT_TOKEN_TTL
                  : Duration.ofSeconds(request.getTtlSeconds());
          if (ttl.isNegative() || ttl.compareTo(MAX_TOKEN_TTL) > 0) {
            throw invalid(
                "ttl: " + request.getTtlSeconds() + "s (expected: between 1s and 30 days)");
          }
          String token = JoinTokens.newToken();
          String hash = JoinTokens.hash(token);
          SpiffeId agentId =
              request.getSpiffeId().isEmpty()
                  ? SpiffeId.of(trustDomain, "weft", "agent", "join_token", hash.substring(0, 16))
                  : parse(() -> SpiffeId.parse(request.getSpiffeId()), "spiffe_id");
          if (!isAgentId(agentId)) {
            // Agent IDs have their own namespace, which no registration entry may use: the node API
            // treats whoever holds one as that agent.
            throw invalid(
                "spiffe_id: "
                    + agentId
                    + " (expected: an agent ID under "
                    + trustDomain.idString()
                    + "/weft/agent/)");
          }
          Instant expires = clock.instant().plus(ttl);
          store.createJoinToken(new JoinTokenRecord(hash, agentId, expires));
          log.info("join token generated for agent {} (expires {})", agentId, expires);
          return JoinToken.newBuilder()
              .setToken(token)
              .setSpiffeId(agentId.toString())
              .setExpiresAtUnix(expires.getEpochSecond())
              .build();
        });
  }

  @Override
  public void listAgents(ListAgentsRequest request, StreamObserver<ListAgentsResponse> response) {
    NodeService.reply(
        response,
        () -> {
          ListAgentsResponse.Builder out = ListAgentsResponse.newBuilder();
          for (AttestedNode a : store.listAgents()) {
            out.addAgents(agentMessage(a));
          }
          return out.build();
        });
  }

  @Override
  public void getAgent(GetAgentRequest request, StreamObserver<Agent> response) {
    NodeService.reply(response, () -> agentMessage(agent(request.getSpiffeId())));
  }

  @Override
  public void evictAgent(EvictAgentRequest request, StreamObserver<EvictAgentResponse> response) {
    NodeService.reply(
        response,
        () -> {
          AttestedNode agent = agent(request.getSpiffeId());
          store.deleteAgent(agent.id());
          log.info("agent {} evicted: its calls are refused until it attests again", agent.id());
          hub.changed(); // its open sync stream ends
          return EvictAgentResponse.getDefaultInstance();
        });
  }

  @Override
  public void banAgent(BanAgentRequest request, StreamObserver<BanAgentResponse> response) {
    NodeService.reply(
        response,
        () -> {
          AttestedNode agent = agent(request.getSpiffeId());
          store.saveAgent(agent.withBanned());
          log.info(
              "agent {} banned: its calls are refused and it cannot attest again until evicted",
              agent.id());
          hub.changed(); // its open sync stream ends
          return BanAgentResponse.getDefaultInstance();
        });
  }

  private AttestedNode agent(String spiffeId) throws dev.weft.trust.store.StoreException {
    if (spiffeId.isEmpty()) {
      throw invalid("spiffe_id: missing (expected: the SPIFFE ID of an attested agent)");
    }
    SpiffeId id = parse(() -> SpiffeId.parse(spiffeId), "spiffe_id");
    return store
        .agent(id)
        .orElseThrow(
            () ->
                Status.NOT_FOUND
                    .withDescription("agent " + id + ": not found")
                    .asRuntimeException());
  }

  private static Agent agentMessage(AttestedNode a) {
    return Agent.newBuilder()
        .setSpiffeId(a.id().toString())
        .setSerialNumber(a.serialNumber())
        .setSvidExpiresAtUnix(a.svidExpiresAt().getEpochSecond())
        .setAttestedAtUnix(a.attestedAt().getEpochSecond())
        .setBanned(a.banned())
        .build();
  }

  @Override
  public void health(HealthRequest request, StreamObserver<HealthResponse> response) {
    NodeService.reply(
        response,
        () -> {
          Optional<TrustBundle> local = store.bundle(trustDomain);
          return HealthResponse.newBuilder()
              .setTrustDomain(trustDomain.name())
              .setServing(local.isPresent())
              .setBundleSequence(
                  local
                      .flatMap(
                          b ->
                              b.sequence().isPresent()
                                  ? Optional.of(b.sequence().getAsLong())
                                  : Optional.<Long>empty())
                      .orElse(0L))
              .setEntries(store.listEntries(EntryFilter.all()).size())
              .setRefusals(refusals(refusals.get()))
              .build();
        });
  }

  private static ListenerRefusals refusals(TrustServer.Refusals r) {
    return ListenerRefusals.newBuilder()
        .setNodeApiConnections(r.connections())
        .setNodeApiCalls(r.nodeCalls())
        .setAdminApiCalls(r.adminCalls())
        .setBundleEndpointConnections(r.bundleEndpoint())
        .build();
  }

  private RegistrationEntry validated(Entry message) {
    RegistrationEntry entry;
    try {
      entry = EntryMessages.fromMessage(message);
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
    try {
      EntryValidator.validate(entry, trustDomain);
    } catch (InvalidEntryException e) {
      throw invalid(e.getMessage());
    }
    return entry;
  }

  /**
   * Whether {@code id} is in this trust domain's agent namespace, {@code /weft/agent/<name>...}.
   */
  private boolean isAgentId(SpiffeId id) {
    List<String> segments = id.segments();
    return id.isMemberOf(trustDomain)
        && segments.size() > 2
        && segments.get(0).equals("weft")
        && segments.get(1).equals("agent");
  }

  private static Optional<SpiffeId> optionalId(String text, String field) {
    return text.isEmpty()
        ? Optional.empty()
        : Optional.of(parse(() -> SpiffeId.parse(text), field));
  }

  /** A parse step whose IllegalArgumentException becomes INVALID_ARGUMENT naming the field. */
  private static <T> T parse(java.util.function.Supplier<T> parser, String field) {
    try {
      return parser.get();
    } catch (IllegalArgumentException e) {
      throw invalid(field + ": " + e.getMessage());
    }
  }

  private static StatusRuntimeException invalid(String message) {
    return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
  }
}
