package dev.weft.trust.workload;

import dev.weft.identity.bundle.BundleSet;
import dev.weft.identity.spiffeid.InvalidSpiffeIdException;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.svid.JwtSvid;
import dev.weft.identity.svid.JwtSvidVerifier;
import dev.weft.identity.svid.SvidException;
import dev.weft.proto.workload.SpiffeWorkloadAPIGrpc;
import dev.weft.proto.workload.WorkloadProto.JWTBundlesRequest;
import dev.weft.proto.workload.WorkloadProto.JWTBundlesResponse;
import dev.weft.proto.workload.WorkloadProto.JWTSVID;
import dev.weft.proto.workload.WorkloadProto.JWTSVIDRequest;
import dev.weft.proto.workload.WorkloadProto.JWTSVIDResponse;
import dev.weft.proto.workload.WorkloadProto.ValidateJWTSVIDRequest;
import dev.weft.proto.workload.WorkloadProto.ValidateJWTSVIDResponse;
import dev.weft.proto.workload.WorkloadProto.X509BundlesRequest;
import dev.weft.proto.workload.WorkloadProto.X509BundlesResponse;
import dev.weft.proto.workload.WorkloadProto.X509SVIDRequest;
import dev.weft.proto.workload.WorkloadProto.X509SVIDResponse;
import dev.weft.trust.attestation.AttestationException;
import dev.weft.trust.attestation.UnixAttestor;
import dev.weft.trust.uds.PeerCredentials;
import dev.weft.trust.workload.WorkloadIdentities.Identity;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SPIFFE Workload API over {@link WorkloadIdentities}. Every call attests its caller and sees
 * only what the caller's matching identities grant. Runs on the unix socket server's virtual
 * threads; stream refreshes run on its own virtual threads.
 */
final class WorkloadApiService extends SpiffeWorkloadAPIGrpc.SpiffeWorkloadAPIImplBase
    implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WorkloadApiService.class);

  private final WorkloadIdentities identities;
  private final UnixAttestor attestor;
  private final Clock clock;
  private final ExecutorService refreshes =
      Executors.newThreadPerTaskExecutor(
          Thread.ofVirtual().name("weft-workload-watch-", 0).factory());
  private final Set<Watch<?>> watches = ConcurrentHashMap.newKeySet();

  WorkloadApiService(WorkloadIdentities identities, UnixAttestor attestor, Clock clock) {
    this.identities = identities;
    this.attestor = attestor;
    this.clock = clock;
  }

  @Override
  public void fetchX509SVID(X509SVIDRequest request, StreamObserver<X509SVIDResponse> out) {
    watch(
        "FetchX509SVID",
        out,
        caller ->
            () -> {
              WorkloadIdentities.Snapshot snapshot = identities.snapshot();
              return Responses.x509Svids(
                  identities.trustDomain(),
                  snapshot.matching(caller.selectors()),
                  snapshot.bundles());
            });
  }

  @Override
  public void fetchX509Bundles(
      X509BundlesRequest request, StreamObserver<X509BundlesResponse> out) {
    watch(
        "FetchX509Bundles",
        out,
        caller ->
            () -> {
              WorkloadIdentities.Snapshot snapshot = identities.snapshot();
              return Responses.x509Bundles(
                  identities.trustDomain(),
                  snapshot.matching(caller.selectors()),
                  snapshot.bundles());
            });
  }

  @Override
  public void fetchJWTBundles(JWTBundlesRequest request, StreamObserver<JWTBundlesResponse> out) {
    watch(
        "FetchJWTBundles",
        out,
        caller ->
            () -> {
              WorkloadIdentities.Snapshot snapshot = identities.snapshot();
              return Responses.jwtBundles(
                  identities.trustDomain(),
                  snapshot.matching(caller.selectors()),
                  snapshot.bundles());
            });
  }

  @Override
  public void fetchJWTSVID(JWTSVIDRequest request, StreamObserver<JWTSVIDResponse> out) {
    String rpc = "FetchJWTSVID";
    try {
      if (request.getAudienceCount() == 0) {
        throw invalid("audience must be specified");
      }
      SpiffeId requested = null;
      if (!request.getSpiffeId().isEmpty()) {
        try {
          requested = SpiffeId.parse(request.getSpiffeId());
        } catch (InvalidSpiffeIdException e) {
          throw invalid("spiffe_id: " + e.getMessage());
        }
      }
      Caller caller = attest(rpc);
      List<Identity> matching = identities.snapshot().matching(caller.selectors());
      if (matching.isEmpty()) {
        throw deny(rpc, caller, Responses.NO_IDENTITY);
      }
      if (requested != null) {
        SpiffeId wanted = requested;
        matching = matching.stream().filter(i -> i.svid().id().equals(wanted)).limit(1).toList();
        if (matching.isEmpty()) {
          throw deny(rpc, caller, Responses.NO_IDENTITY + " for " + wanted);
        }
      }
      Set<String> audience = new LinkedHashSet<>(request.getAudienceList());
      JWTSVIDResponse.Builder response = JWTSVIDResponse.newBuilder();
      for (Identity identity : matching) {
        JwtSvid svid;
        try {
          svid = identities.jwtSvid(identity, audience);
        } catch (SvidException e) {
          log.warn(
              "Workload API: {} to {} for {} failed: {}",
              rpc,
              caller.describe(),
              identity.svid().id(),
              e.getMessage());
          throw Status.UNAVAILABLE.withDescription(e.getMessage()).asException();
        }
        response.addSvids(
            JWTSVID
                .newBuilder()
                .setSpiffeId(identity.svid().id().toString())
                .setSvid(svid.token())
                .setHint(Responses.hint(identity)));
      }
      out.onNext(response.build());
      out.onCompleted();
    } catch (StatusException e) {
      out.onError(e);
    }
  }

  @Override
  public void validateJWTSVID(
      ValidateJWTSVIDRequest request, StreamObserver<ValidateJWTSVIDResponse> out) {
    String rpc = "ValidateJWTSVID";
    try {
      if (request.getAudience().isEmpty()) {
        throw invalid("audience must be specified");
      }
      if (request.getSvid().isEmpty()) {
        throw invalid("svid must be specified");
      }
      Caller caller = attest(rpc);
      WorkloadIdentities.Snapshot snapshot = identities.snapshot();
      List<Identity> matching = snapshot.matching(caller.selectors());
      if (matching.isEmpty()) {
        throw deny(rpc, caller, Responses.NO_IDENTITY);
      }
      BundleSet visible =
          Responses.visibleBundles(identities.trustDomain(), matching, snapshot.bundles());
      JwtSvid svid;
      try {
        svid =
            JwtSvidVerifier.verify(
                request.getSvid(), request.getAudience(), visible, clock.instant());
      } catch (SvidException e) {
        log.info("Workload API: {} for {}: invalid: {}", rpc, caller.describe(), e.getMessage());
        throw invalid(e.getMessage());
      } catch (RuntimeException e) {
        log.info(
            "Workload API: {} for {}: malformed token: {}", rpc, caller.describe(), e.toString());
        throw invalid("JWT-SVID: malformed token");
      }
      out.onNext(
          ValidateJWTSVIDResponse.newBuilder()
              .setSpiffeId(svid.id().toString())
              .setClaims(Responses.struct(svid.claims()))
              .build());
      out.onCompleted();
    } catch (StatusException e) {
      out.onError(e);
    }
  }

  /**
   * Ends every open stream with {@code UNAVAILABLE} (clients reconnect with backoff) and stops
   * refreshing.
   */
  @Override
  public void close() {
    Status closing = Status.UNAVAILABLE.withDescription("Workload API server is shutting down");
    for (Watch<?> watch : List.copyOf(watches)) {
      watch.end(closing);
    }
    refreshes.shutdownNow();
  }

  /** Open streams, for tests. */
  int openWatches() {
    return watches.size();
  }

  private <R> void watch(
      String rpc, StreamObserver<R> out, Function<Caller, Watch.Render<R>> render) {
    Caller caller;
    try {
      caller = attest(rpc);
    } catch (StatusException e) {
      out.onError(e);
      return;
    }
    Watch<R> watch =
        new Watch<>(
            rpc,
            caller,
            (ServerCallStreamObserver<R>) out,
            render.apply(caller),
            refreshes,
            watches::remove);
    watches.add(watch);
    watch.start(identities::subscribe);
  }

  private Caller attest(String rpc) throws StatusException {
    PeerCredentials credentials =
        PeerCredentials.current()
            .orElseThrow(
                () ->
                    Status.PERMISSION_DENIED
                        .withDescription("caller credentials unavailable")
                        .asException());
    try {
      return new Caller(credentials, attestor.selectors(credentials));
    } catch (AttestationException e) {
      log.warn(
          "Workload API: denied {} to pid {} uid {}: attestation failed: {}",
          rpc,
          credentials.pid(),
          Integer.toUnsignedString(credentials.uid()),
          e.getMessage());
      throw Status.PERMISSION_DENIED.withDescription("workload attestation failed").asException();
    }
  }

  private static StatusException deny(String rpc, Caller caller, String reason) {
    log.warn(
        "Workload API: denied {} to {}: {} (selectors {})",
        rpc,
        caller.describe(),
        reason,
        caller.selectors());
    return Status.PERMISSION_DENIED.withDescription(reason).asException();
  }

  private static StatusException invalid(String message) {
    return Status.INVALID_ARGUMENT.withDescription(message).asException();
  }
}
