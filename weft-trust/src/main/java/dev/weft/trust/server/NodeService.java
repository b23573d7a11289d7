package dev.weft.trust.server;

import com.google.protobuf.ByteString;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.proto.trust.v1.AgentSvid;
import dev.weft.proto.trust.v1.AttestAgentRequest;
import dev.weft.proto.trust.v1.MintJwtSvidRequest;
import dev.weft.proto.trust.v1.MintJwtSvidResponse;
import dev.weft.proto.trust.v1.NodeGrpc;
import dev.weft.proto.trust.v1.RenewAgentRequest;
import dev.weft.proto.trust.v1.SignX509SvidsRequest;
import dev.weft.proto.trust.v1.SignX509SvidsResponse;
import dev.weft.proto.trust.v1.SignedSvid;
import dev.weft.proto.trust.v1.SvidRequest;
import dev.weft.proto.trust.v1.SyncRequest;
import dev.weft.proto.trust.v1.SyncResponse;
import dev.weft.trust.ca.CaException;
import dev.weft.trust.ca.CertificateAuthority;
import dev.weft.trust.ca.Csr;
import dev.weft.trust.registration.RegistrationEntry;
import dev.weft.trust.store.AttestedNode;
import dev.weft.trust.store.DataStore;
import dev.weft.trust.store.EntryFilter;
import dev.weft.trust.store.JoinTokenRecord;
import dev.weft.trust.store.StoreException;
import dev.weft.trust.wire.BundleMessages;
import dev.weft.trust.wire.EntryMessages;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node API: join-token attestation, agent SVID renewal, the entry/bundle sync stream, and
 * signing of workload SVIDs for the entries an agent is the parent of. Every call but AttestAgent
 * requires the caller's agent SVID (mutual TLS); on every call the agent must be attested, not
 * banned, and present its current (or newly renewed) SVID by serial number, not expired. A sync
 * stream ends when its agent is evicted or banned. SignX509Svids answers for every entry the CA
 * signs and leaves out (and logs) an entry it refuses, so that one bad entry does not hold up the
 * rest. Handlers run on virtual threads.
 */
final class NodeService extends NodeGrpc.NodeImplBase {
  private static final Logger log = LoggerFactory.getLogger(NodeService.class);
  private static final int MAX_SVIDS_PER_CALL = 1000;

  private final TrustDomain trustDomain;
  private final DataStore store;
  private final CertificateAuthority ca;
  private final SyncHub hub;
  private final Clock clock;
  private final Executor executor;

  NodeService(
      TrustDomain trustDomain,
      DataStore store,
      CertificateAuthority ca,
      SyncHub hub,
      Clock clock,
      Executor executor) {
    this.trustDomain = trustDomain;
    this.store = store;
    this.ca = ca;
    this.hub = hub;
    this.clock = clock;
    this.executor = executor;
  }

  @Override
  public void attestAgent(AttestAgentRequest request, StreamObserver<AgentSvid> response) {
    reply(
        response,
        () -> {
          if (request.getJoinToken().isEmpty()) {
            throw invalid("join_token: missing (expected: a token from weft trust token generate)");
          }
          PublicKey key = csrKey(request.getCsr().toByteArray());
          JoinTokenRecord token;
          try {
            token =
                store.consumeJoinToken(JoinTokens.hash(request.getJoinToken()), clock.instant());
          } catch (StoreException e) {
            if (e.kind() == StoreException.Kind.NOT_FOUND
                || e.kind() == StoreException.Kind.EXPIRED) {
              log.warn("agent attestation refused: {}", e.getMessage());
              throw Status.PERMISSION_DENIED.withDescription(e.getMessage()).asRuntimeException();
            }
            throw e;
          }
          SpiffeId agentId = token.agentId();
          if (store.agent(agentId).map(AttestedNode::banned).orElse(false)) {
            throw Status.PERMISSION_DENIED
                .withDescription("agent " + agentId + " is banned")
                .asRuntimeException();
          }
          AgentSvid svid = issueAgentSvid(agentId, key, true);
          log.info("agent {} attested with a join token", agentId);
          return svid;
        });
  }

  @Override
  public void renewAgent(RenewAgentRequest request, StreamObserver<AgentSvid> response) {
    reply(
        response,
        () -> {
          SpiffeId agentId = requireAgent();
          PublicKey key = csrKey(request.getCsr().toByteArray());
          return issueAgentSvid(agentId, key, false);
        });
  }

  @Override
  public void sync(SyncRequest request, StreamObserver<SyncResponse> response) {
    SpiffeId agentId;
    try {
      agentId = requireAgent();
    } catch (StatusRuntimeException e) {
      response.onError(e);
      return;
    } catch (Exception e) {
      response.onError(Status.UNAVAILABLE.withDescription(e.getMessage()).asRuntimeException());
      return;
    }
    ServerCallStreamObserver<SyncResponse> observer =
        (ServerCallStreamObserver<SyncResponse>) response;
    SyncStream stream = new SyncStream(agentId, observer, this::syncSnapshot, executor);
    observer.setOnCancelHandler(stream::close);
    stream.attach(hub.subscribe(stream::changed));
    log.debug("agent {} opened a sync stream", agentId);
    stream.changed();
  }

  @Override
  public void signX509Svids(
      SignX509SvidsRequest request, StreamObserver<SignX509SvidsResponse> response) {
    reply(
        response,
        () -> {
          SpiffeId agentId = requireAgent();
          if (request.getRequestsCount() > MAX_SVIDS_PER_CALL) {
            throw invalid(
                "requests: "
                    + request.getRequestsCount()
                    + " (expected: at most "
                    + MAX_SVIDS_PER_CALL
                    + ")");
          }
          Map<String, RegistrationEntry> entries = authorizedEntries(agentId);
          SignX509SvidsResponse.Builder out = SignX509SvidsResponse.newBuilder();
          for (SvidRequest svidRequest : request.getRequestsList()) {
            RegistrationEntry entry = entries.get(svidRequest.getEntryId());
            if (entry == null) {
              throw Status.PERMISSION_DENIED
                  .withDescription(
                      "entry " + svidRequest.getEntryId() + ": not an entry of agent " + agentId)
                  .asRuntimeException();
            }
            PublicKey key = csrKey(svidRequest.getCsr().toByteArray());
            List<X509Certificate> chain;
            try {
              chain = ca.signX509Svid(entry.spiffeId(), key, entry.x509SvidTtl(), entry.dnsNames());
            } catch (CaException e) {
              // One entry the CA refuses (say, one stored before a rule existed) must not keep the
              // agent's other workloads from their SVIDs: it is left out of the answer.
              log.warn(
                  "entry {} ({}) of agent {}: not signed: {}",
                  entry.id(),
                  entry.spiffeId(),
                  agentId,
                  e.getMessage());
              continue;
            }
            out.addSvids(
                SignedSvid.newBuilder().setEntryId(entry.id()).addAllCertChain(der(chain)));
          }
          return out.build();
        });
  }

  @Override
  public void mintJwtSvid(
      MintJwtSvidRequest request, StreamObserver<MintJwtSvidResponse> response) {
    reply(
        response,
        () -> {
          SpiffeId agentId = requireAgent();
          if (request.getAudienceCount() == 0) {
            throw invalid("audience: empty (expected: at least one audience)");
          }
          for (String audience : request.getAudienceList()) {
            if (audience.isBlank()) {
              throw invalid("audience: \"" + audience + "\" (expected: no empty value)");
            }
          }
          RegistrationEntry entry = authorizedEntries(agentId).get(request.getEntryId());
          if (entry == null) {
            throw Status.PERMISSION_DENIED
                .withDescription(
                    "entry " + request.getEntryId() + ": not an entry of agent " + agentId)
                .asRuntimeException();
          }
          String token =
              ca.mintJwtSvid(
                  entry.spiffeId(), new TreeSet<>(request.getAudienceList()), entry.jwtSvidTtl());
          Instant expires =
              dev.weft.identity.svid.JwtSvidVerifier.parseInsecure(token, "").expiresAt();
          return MintJwtSvidResponse.newBuilder()
              .setToken(token)
              .setExpiresAtUnix(expires.getEpochSecond())
              .build();
        });
  }

  /** What the agent may serve: its entries and the bundles they need. */
  SyncResponse syncSnapshot(SpiffeId agentId) throws StoreException {
    attested(agentId); // an agent evicted or banned while its stream is open loses it
    long revision = store.revision();
    Map<String, RegistrationEntry> entries = authorizedEntries(agentId);
    SyncResponse.Builder out = SyncResponse.newBuilder().setRevision(revision);
    Set<TrustDomain> federated = new TreeSet<>();
    for (RegistrationEntry entry : entries.values()) {
      out.addEntries(EntryMessages.toMessage(entry));
      federated.addAll(entry.federatesWith());
    }
    store.bundle(trustDomain).ifPresent(b -> out.addBundles(BundleMessages.toMessage(b)));
    for (TrustDomain td : federated) {
      store.bundle(td).ifPresent(b -> out.addBundles(BundleMessages.toMessage(b)));
    }
    return out.build();
  }

  /**
   * The entries whose parent is the agent, and, transitively, entries whose parent is one of those
   * entries' SPIFFE IDs; keyed by entry ID in a stable order.
   */
  Map<String, RegistrationEntry> authorizedEntries(SpiffeId agentId) throws StoreException {
    Map<SpiffeId, List<RegistrationEntry>> byParent = new HashMap<>();
    for (RegistrationEntry e : store.listEntries(EntryFilter.all())) {
      byParent.computeIfAbsent(e.parentId(), k -> new ArrayList<>()).add(e);
    }
    Map<String, RegistrationEntry> result = new LinkedHashMap<>();
    Set<SpiffeId> seen = new HashSet<>();
    ArrayDeque<SpiffeId> parents = new ArrayDeque<>(List.of(agentId));
    while (!parents.isEmpty()) {
      SpiffeId parent = parents.poll();
      if (!seen.add(parent)) {
        continue;
      }
      for (RegistrationEntry e : byParent.getOrDefault(parent, List.of())) {
        result.putIfAbsent(e.id(), e);
        parents.add(e.spiffeId());
      }
    }
    return result;
  }

  private AgentSvid issueAgentSvid(SpiffeId agentId, PublicKey key, boolean fresh)
      throws Exception {
    List<X509Certificate> chain = ca.signX509Svid(agentId, key, Duration.ZERO, List.of());
    X509Certificate leaf = chain.getFirst();
    String serial = leaf.getSerialNumber().toString(16);
    Instant expires = leaf.getNotAfter().toInstant();
    Optional<AttestedNode> known = fresh ? Optional.empty() : store.agent(agentId);
    // A renewed SVID is recorded as the agent's new one: the current one stays valid until a
    // call presents the new one (the agent's open connections still use the current one).
    store.saveAgent(
        known.isPresent()
            ? known.get().renewed(serial, expires)
            : new AttestedNode(agentId, serial, expires, clock.instant(), false));
    TrustBundle bundle = store.bundle(trustDomain).orElse(ca.bundle());
    return AgentSvid.newBuilder()
        .setSpiffeId(agentId.toString())
        .addAllCertChain(der(chain))
        .setBundle(dev.weft.identity.bundle.SpiffeBundleFormat.write(bundle))
        .build();
  }

  /**
   * The calling agent, checked as SPIRE checks it on every call: it is attested (not evicted), not
   * banned, and presents its current or newly renewed X.509-SVID (by serial number), which has not
   * expired. Presenting the new one makes it current.
   */
  private SpiffeId requireAgent() throws StoreException {
    SpiffeId caller = CallerIdentity.require();
    X509Certificate leaf = CallerIdentity.certificate().orElseThrow();
    AttestedNode agent = attested(caller);
    String serial = leaf.getSerialNumber().toString(16);
    Instant expires;
    if (serial.equals(agent.serialNumber())) {
      expires = agent.svidExpiresAt();
    } else if (agent.newSerialNumber().filter(serial::equals).isPresent()) {
      expires = agent.newSvidExpiresAt().orElseThrow();
      store.saveAgent(agent.promoted());
      log.debug("agent {} uses its renewed SVID (serial {})", caller, serial);
    } else {
      log.warn(
          "node API: refused agent {}: SVID serial {} is not its current one ({})",
          caller,
          serial,
          agent.serialNumber());
      throw Status.PERMISSION_DENIED
          .withDescription(
              "agent "
                  + caller
                  + ": SVID serial "
                  + serial
                  + " is not the agent's current SVID (expected: serial "
                  + agent.serialNumber()
                  + ")")
          .asRuntimeException();
    }
    Instant now = clock.instant();
    if (!now.isBefore(expires) || !now.isBefore(leaf.getNotAfter().toInstant())) {
      throw Status.PERMISSION_DENIED
          .withDescription("agent " + caller + ": SVID serial " + serial + " expired at " + expires)
          .asRuntimeException();
    }
    return caller;
  }

  /** The record of {@code caller}, which must be attested and not banned. */
  private AttestedNode attested(SpiffeId caller) throws StoreException {
    AttestedNode agent =
        store
            .agent(caller)
            .orElseThrow(
                () ->
                    Status.PERMISSION_DENIED
                        .withDescription(
                            caller
                                + " is not an attested agent (evicted or never attested;"
                                + " attest it with a new join token)")
                        .asRuntimeException());
    if (agent.banned()) {
      throw Status.PERMISSION_DENIED
          .withDescription("agent " + caller + " is banned")
          .asRuntimeException();
    }
    return agent;
  }

  private static PublicKey csrKey(byte[] der) {
    try {
      return Csr.verifiedPublicKey(der);
    } catch (CaException e) {
      throw invalid(e.getMessage()); // "CSR: ..." names the field already
    }
  }

  private static List<ByteString> der(List<X509Certificate> chain)
      throws CertificateEncodingException {
    List<ByteString> out = new ArrayList<>();
    for (X509Certificate c : chain) {
      out.add(ByteString.copyFrom(c.getEncoded()));
    }
    return out;
  }

  private static StatusRuntimeException invalid(String message) {
    return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
  }

  /** A handler body that may fail. */
  @FunctionalInterface
  interface Body<T> {
    T run() throws Exception;
  }

  static <T> void reply(StreamObserver<T> response, Body<T> body) {
    T result;
    try {
      result = body.run();
    } catch (StatusRuntimeException e) {
      response.onError(e);
      return;
    } catch (StoreException e) {
      response.onError(Statuses.of(e).asRuntimeException());
      return;
    } catch (CaException e) {
      log.error("CA failure: {}", e.getMessage());
      response.onError(
          Status.INTERNAL.withDescription("CA: " + e.getMessage()).asRuntimeException());
      return;
    } catch (Exception e) {
      log.error("request failed", e);
      response.onError(Status.INTERNAL.withDescription(e.getMessage()).asRuntimeException());
      return;
    }
    response.onNext(result);
    response.onCompleted();
  }
}
