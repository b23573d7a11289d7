package dev.weft.identity.workloadapi;

import dev.weft.identity.bundle.BundleSet;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.svid.JwtSvid;
import dev.weft.proto.workload.SpiffeWorkloadAPIGrpc;
import dev.weft.proto.workload.WorkloadProto;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A client of one Workload API endpoint: fetches and watches X.509-SVIDs and bundles, fetches
 * JWT-SVIDs and asks the agent to validate JWT-SVIDs. Every call carries the {@code
 * workload.spiffe.io: true} header the standard requires.
 *
 * <p>The client connects lazily, on the first call, and the underlying channel reconnects by
 * itself; a watch that ends is not restarted by the client (see {@link SvidSource} for a source
 * that keeps its watches open). Calls that return one answer have a deadline (by default {@link
 * #DEFAULT_CALL_TIMEOUT}). Thread-safe; close it when done.
 *
 * <pre>{@code
 * WorkloadApiEndpoint agent = WorkloadApiEndpoint.fromEnvironment();
 * try (WorkloadApiClient client = WorkloadApiClient.create(agent)) {
 *   X509Context context = client.fetchX509Context();
 *   JwtSvid token = client.fetchJwtSvid("spiffe://example.org/billing");
 * }
 * }</pre>
 */
public final class WorkloadApiClient implements AutoCloseable {
  /** The default deadline of calls that return one answer: 10 seconds. */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(10);

  private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

  private final WorkloadApiEndpoint endpoint;
  private final Duration callTimeout;
  private final EventLoopGroup eventLoop;
  private final ExecutorService callbacks;
  private final ManagedChannel channel;
  private final SpiffeWorkloadAPIGrpc.SpiffeWorkloadAPIStub async;
  private final SpiffeWorkloadAPIGrpc.SpiffeWorkloadAPIBlockingStub blocking;
  private final ParsedSvids parsedSvids = new ParsedSvids();
  private volatile boolean closed;

  private WorkloadApiClient(WorkloadApiEndpoint endpoint, Duration callTimeout) {
    this.endpoint = endpoint;
    this.callTimeout = callTimeout;
    this.eventLoop = Channels.eventLoop();
    this.callbacks =
        Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("weft-workload-api-", 0).factory());
    this.channel = Channels.open(endpoint, eventLoop, callbacks);
    this.async = SpiffeWorkloadAPIGrpc.newStub(channel);
    this.blocking = SpiffeWorkloadAPIGrpc.newBlockingStub(channel);
  }

  /** A client of {@code endpoint} with the default call timeout. Does not connect yet. */
  public static WorkloadApiClient create(WorkloadApiEndpoint endpoint) {
    return create(endpoint, DEFAULT_CALL_TIMEOUT);
  }

  /**
   * A client of {@code endpoint} whose single-answer calls time out after {@code callTimeout}. Does
   * not connect yet.
   *
   * @throws IllegalArgumentException if {@code callTimeout} is not positive
   * @throws IllegalStateException if unix sockets are unavailable (native epoll did not load)
   */
  public static WorkloadApiClient create(WorkloadApiEndpoint endpoint, Duration callTimeout) {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(callTimeout, "callTimeout");
    if (callTimeout.isNegative() || callTimeout.isZero()) {
      throw new IllegalArgumentException("callTimeout: " + callTimeout + " (expected: > 0)");
    }
    return new WorkloadApiClient(endpoint, callTimeout);
  }

  public WorkloadApiEndpoint endpoint() {
    return endpoint;
  }

  /** The caller's X.509-SVIDs and bundles as the agent sees them now ({@code FetchX509SVID}). */
  public X509Context fetchX509Context() throws WorkloadApiException {
    return first(
        "FetchX509SVID",
        (stub, observer) -> stub.fetchX509SVID(x509SvidRequest(), observer),
        this::x509Context);
  }

  /**
   * Watches {@code FetchX509SVID}: {@code watcher} receives the current context, then a new one on
   * every SVID rotation or bundle change, until the watch is closed or ends.
   */
  public Subscription watchX509Contexts(Watcher<X509Context> watcher) {
    return watch(
        "FetchX509SVID",
        (stub, observer) -> stub.fetchX509SVID(x509SvidRequest(), observer),
        this::x509Context,
        watcher,
        stub());
  }

  private X509Context x509Context(WorkloadProto.X509SVIDResponse response)
      throws WorkloadApiException {
    return Responses.x509Context(response, parsedSvids);
  }

  /** The X.509 bundles the caller may use, one per trust domain ({@code FetchX509Bundles}). */
  public BundleSet fetchX509Bundles() throws WorkloadApiException {
    return first(
        "FetchX509Bundles",
        (stub, observer) -> stub.fetchX509Bundles(x509BundlesRequest(), observer),
        Responses::x509Bundles);
  }

  /** Watches {@code FetchX509Bundles}, as {@link #watchX509Contexts} does. */
  public Subscription watchX509Bundles(Watcher<BundleSet> watcher) {
    return watch(
        "FetchX509Bundles",
        (stub, observer) -> stub.fetchX509Bundles(x509BundlesRequest(), observer),
        Responses::x509Bundles,
        watcher,
        stub());
  }

  /**
   * The JWT bundles the caller may use, one per trust domain, each holding JWT authorities only
   * ({@code FetchJWTBundles}).
   */
  public BundleSet fetchJwtBundles() throws WorkloadApiException {
    return first(
        "FetchJWTBundles",
        (stub, observer) -> stub.fetchJWTBundles(jwtBundlesRequest(), observer),
        Responses::jwtBundles);
  }

  /** Watches {@code FetchJWTBundles}, as {@link #watchX509Contexts} does. */
  public Subscription watchJwtBundles(Watcher<BundleSet> watcher) {
    return watch(
        "FetchJWTBundles",
        (stub, observer) -> stub.fetchJWTBundles(jwtBundlesRequest(), observer),
        Responses::jwtBundles,
        watcher,
        stub());
  }

  /**
   * A JWT-SVID of the caller's default identity for {@code audience} (and {@code more} audiences):
   * the first one the agent returns.
   *
   * @throws IllegalArgumentException if an audience is empty
   */
  public JwtSvid fetchJwtSvid(String audience, String... more) throws WorkloadApiException {
    return fetchJwtSvids(audiences(audience, more), Optional.empty()).getFirst();
  }

  /** A JWT-SVID of {@code subject}, one of the caller's identities, for the audiences given. */
  public JwtSvid fetchJwtSvid(SpiffeId subject, String audience, String... more)
      throws WorkloadApiException {
    Objects.requireNonNull(subject, "subject");
    return fetchJwtSvids(audiences(audience, more), Optional.of(subject)).getFirst();
  }

  /**
   * The JWT-SVIDs the agent issues for {@code audience}: one per identity of the caller, or only
   * that of {@code subject} if given ({@code FetchJWTSVID}). The tokens are read but not verified:
   * they come from the local agent over the unix socket.
   *
   * @throws IllegalArgumentException if {@code audience} is empty or holds an empty string
   */
  public List<JwtSvid> fetchJwtSvids(Set<String> audience, Optional<SpiffeId> subject)
      throws WorkloadApiException {
    checkAudience(audience);
    Objects.requireNonNull(subject, "subject");
    WorkloadProto.JWTSVIDRequest.Builder request =
        WorkloadProto.JWTSVIDRequest.newBuilder().addAllAudience(audience);
    subject.ifPresent(id -> request.setSpiffeId(id.toString()));
    WorkloadProto.JWTSVIDResponse response;
    try {
      response = blocking().fetchJWTSVID(request.build());
    } catch (StatusRuntimeException e) {
      throw Errors.fromGrpc("FetchJWTSVID", e);
    }
    return Responses.jwtSvids(response, subject);
  }

  /**
   * Asks the agent to validate {@code token} for {@code audience} ({@code ValidateJWTSVID}).
   *
   * @return the token's SVID as the agent accepted it
   * @throws WorkloadApiException {@code INVALID_ARGUMENT} with the agent's reason if the token is
   *     not valid
   */
  public JwtSvid validateJwtSvid(String token, String audience) throws WorkloadApiException {
    Objects.requireNonNull(token, "token");
    checkAudience(Set.of(Objects.requireNonNull(audience, "audience")));
    if (token.isEmpty()) {
      throw new IllegalArgumentException("token: empty (expected: a JWT-SVID)");
    }
    WorkloadProto.ValidateJWTSVIDResponse response;
    try {
      response =
          blocking()
              .validateJWTSVID(
                  WorkloadProto.ValidateJWTSVIDRequest.newBuilder()
                      .setAudience(audience)
                      .setSvid(token)
                      .build());
    } catch (StatusRuntimeException e) {
      throw Errors.fromGrpc("ValidateJWTSVID", e);
    }
    return Responses.validated(token, response);
  }

  /** Makes the channel try to connect now instead of waiting out its own reconnect backoff. */
  void resetConnectBackoff() {
    channel.resetConnectBackoff();
  }

  /** Cancels every watch and call in progress and releases the socket and threads. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    channel.shutdownNow();
    try {
      channel.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    callbacks.shutdown();
    eventLoop.shutdownGracefully(0, CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public String toString() {
    return "WorkloadApiClient[" + endpoint + "]";
  }

  private <R, T> T first(
      String call, StreamWatch.Starter<R> starter, StreamWatch.Converter<R, T> converter)
      throws WorkloadApiException {
    CompletableFuture<T> result = new CompletableFuture<>();
    Watcher<T> once =
        new Watcher<>() {
          @Override
          public void onUpdate(T update) {
            result.complete(update);
          }

          @Override
          public void onError(WorkloadApiException error) {
            result.completeExceptionally(error);
          }
        };
    SpiffeWorkloadAPIGrpc.SpiffeWorkloadAPIStub stub =
        stub().withDeadlineAfter(callTimeout.toNanos(), TimeUnit.NANOSECONDS);
    Subscription watch = watch(call, starter, converter, once, stub);
    try {
      return result.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof WorkloadApiException w) {
        throw w;
      }
      throw new WorkloadApiException(Status.Code.INTERNAL, call + ": " + e.getCause(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WorkloadApiException(Status.Code.CANCELLED, call + ": interrupted", e);
    } finally {
      watch.close();
    }
  }

  private <R, T> Subscription watch(
      String call,
      StreamWatch.Starter<R> starter,
      StreamWatch.Converter<R, T> converter,
      Watcher<T> watcher,
      SpiffeWorkloadAPIGrpc.SpiffeWorkloadAPIStub stub) {
    Objects.requireNonNull(watcher, "watcher");
    return StreamWatch.start(call, stub, starter, converter, watcher);
  }

  private SpiffeWorkloadAPIGrpc.SpiffeWorkloadAPIStub stub() {
    checkOpen();
    return async;
  }

  private SpiffeWorkloadAPIGrpc.SpiffeWorkloadAPIBlockingStub blocking() {
    checkOpen();
    return blocking.withDeadlineAfter(callTimeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException(this + ": closed");
    }
  }

  private static Set<String> audiences(String audience, String... more) {
    Set<String> all = new LinkedHashSet<>();
    all.add(Objects.requireNonNull(audience, "audience"));
    all.addAll(List.of(more));
    return all;
  }

  private static void checkAudience(Set<String> audience) {
    Objects.requireNonNull(audience, "audience");
    if (audience.isEmpty()) {
      throw new IllegalArgumentException("audience: [] (expected: at least one audience)");
    }
    if (audience.stream().anyMatch(String::isBlank)) {
      throw new IllegalArgumentException(
          "audience: " + audience + " (expected: no empty audience)");
    }
  }

  private static WorkloadProto.X509SVIDRequest x509SvidRequest() {
    return WorkloadProto.X509SVIDRequest.getDefaultInstance();
  }

  private static WorkloadProto.X509BundlesRequest x509BundlesRequest() {
    return WorkloadProto.X509BundlesRequest.getDefaultInstance();
  }

  private static WorkloadProto.JWTBundlesRequest jwtBundlesRequest() {
    return WorkloadProto.JWTBundlesRequest.getDefaultInstance();
  }
}
