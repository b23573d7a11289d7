package dev.weft.agent.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.weft.agent.AgentException;
import dev.weft.agent.ErrorCode;
import dev.weft.agent.observability.CallObserver;
import dev.weft.fabric.Name;
import dev.weft.fabric.session.SessionEndpoint;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.policy.AuthorizationRequest;
import dev.weft.policy.Decision;
import dev.weft.policy.DecisionPath;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The client: per call, the outbound policy (decided and audited by the configuration's {@link
 * dev.weft.policy.DecisionPoint} under {@link #OUTBOUND_PATH}), the deadline (capped by the {@link
 * CallScope}), a client span, then attempts through the target's breaker with retries for
 * idempotent capabilities. Thread-safe; targets are created once per (SPIFFE ID, address) and kept.
 */
final class DefaultAgentClient implements MeshClient {

  /** The audit path of outbound decisions. */
  static final DecisionPath OUTBOUND_PATH = DecisionPath.parse("weft/agent/outbound_policy");

  private final ClientConfig config;
  private final Map<Target.Key, Target> targets = new ConcurrentHashMap<>();
  private volatile boolean closed;

  DefaultAgentClient(ClientConfig config) {
    this.config = config;
  }

  @Override
  public JsonNode call(
      SpiffeId target, URI address, String capability, JsonNode params, Duration timeout)
      throws AgentException {
    Objects.requireNonNull(timeout, "timeout");
    CallOptions options;
    try {
      options = CallOptions.defaults().timeout(timeout);
    } catch (IllegalArgumentException e) {
      throw new AgentException(ErrorCode.INVALID_ARGUMENT, e.getMessage(), e);
    }
    return call(target, address, capability, params, options);
  }

  @Override
  public JsonNode call(
      SpiffeId target, Name name, String capability, JsonNode params, Duration timeout)
      throws AgentException {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new AgentException(
          ErrorCode.INVALID_ARGUMENT, "timeout: " + timeout + " (expected: > 0)");
    }
    JsonNode body = checked(capability, params);
    Instant deadline = deadline(target, timeout);
    SessionEndpoint sessions =
        config
            .fabric()
            .orElseThrow(
                () ->
                    new AgentException(
                        ErrorCode.UNAVAILABLE,
                        "this agent client has no fabric session endpoint (expected:"
                            + " ClientConfig.Builder.fabric, or the agent's fabric section)"));
    CallScope scope = CallScope.current().orElse(null);
    try (CallObserver.Span span =
        config
            .observer()
            .clientCall(
                target.toString(), capability, scope == null ? null : scope.traceparent())) {
      try {
        authorize(target, capability, span.traceId());
        return FabricCall.call(
            sessions,
            target,
            name,
            Wire.requestNode(capability, body),
            deadline,
            span.traceparent(),
            config.clock());
      } catch (AgentException e) {
        span.error(e.code());
        throw e;
      }
    }
  }

  @Override
  public JsonNode call(String registryName, String capability, JsonNode params)
      throws AgentException {
    return call(registryName, capability, params, CallOptions.defaults());
  }

  @Override
  public JsonNode call(String registryName, String capability, JsonNode params, CallOptions options)
      throws AgentException {
    AgentRegistry.Entry entry = entry(registryName);
    return call(entry.spiffeId(), entry.address(), capability, params, options);
  }

  @Override
  public JsonNode call(
      SpiffeId target, URI address, String capability, JsonNode params, CallOptions options)
      throws AgentException {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(options, "options");
    JsonNode body = checked(capability, params);
    Instant deadline = deadline(target, options.timeout().orElse(config.defaultTimeout()));
    CallScope scope = CallScope.current().orElse(null);
    Target t = target(target, address);
    if (closed) {
      close(); // a target made while closing must not outlive the client
      throw new AgentException(ErrorCode.UNAVAILABLE, "agent client is closed");
    }
    try (CallObserver.Span span =
        config
            .observer()
            .clientCall(t.name, capability, scope == null ? null : scope.traceparent())) {
      try {
        authorize(target, capability, span.traceId());
        return attempts(t, capability, Wire.request(capability, body), options, deadline, span);
      } catch (AgentException e) {
        span.error(e.code());
        throw e;
      }
    }
  }

  /** The parameters of a call, checked (none is an empty object); fails when closed. */
  private JsonNode checked(String capability, JsonNode params) throws AgentException {
    if (closed) {
      throw new AgentException(ErrorCode.UNAVAILABLE, "agent client is closed");
    }
    if (capability == null || capability.isBlank()) {
      throw new AgentException(
          ErrorCode.INVALID_ARGUMENT, "capability: \"\" (expected: a capability name)");
    }
    JsonNode body = params == null ? JsonNodeFactory.instance.objectNode() : params;
    if (!body.isObject()) {
      throw new AgentException(
          ErrorCode.INVALID_ARGUMENT,
          "params: " + body.getNodeType() + " (expected: a JSON object)");
    }
    return body;
  }

  /** Now plus {@code timeout}, capped by the current scope's deadline; passed: an error. */
  private Instant deadline(SpiffeId target, Duration timeout) throws AgentException {
    Instant now = config.clock().instant();
    Instant deadline = now.plus(timeout);
    CallScope scope = CallScope.current().orElse(null);
    if (scope != null && scope.deadline().isBefore(deadline)) {
      deadline = scope.deadline();
    }
    if (!deadline.isAfter(now)) {
      throw new AgentException(
          ErrorCode.DEADLINE_EXCEEDED,
          "the deadline of this call to "
              + target
              + " had passed before it was sent; nothing was sent");
    }
    return deadline;
  }

  private void authorize(SpiffeId target, String capability, String traceId) throws AgentException {
    SpiffeId self;
    try {
      self = config.identity().current().svid().id();
    } catch (IllegalStateException e) {
      throw new AgentException(ErrorCode.UNAUTHENTICATED, "this agent has no SVID yet", e);
    }
    AuthorizationRequest.Builder request;
    try {
      request = AuthorizationRequest.builder(self, target, capability).method(capability);
      if (traceId != null) {
        request.traceId(traceId);
      }
    } catch (IllegalArgumentException e) {
      throw new AgentException(ErrorCode.INVALID_ARGUMENT, e.getMessage(), e);
    }
    Decision decision =
        config.decisions().decide(OUTBOUND_PATH, request.time(config.clock().instant()).build());
    if (!decision.allowed()) {
      throw new AgentException(ErrorCode.PERMISSION_DENIED, decision.reason());
    }
  }

  private JsonNode attempts(
      Target t,
      String capability,
      byte[] body,
      CallOptions options,
      Instant deadline,
      CallObserver.Span span)
      throws AgentException {
    t.budget.onCall();
    RetryPolicy retry = config.retry();
    for (int attempt = 1; ; attempt++) {
      Instant callDeadline = deadline;
      Outcome outcome =
          attempt(t, body, deadline, span, () -> resendable(t, capability, options, callDeadline));
      if (outcome.failure() == null) {
        return outcome.result();
      }
      AgentException failure = outcome.failure();
      if (!failure.code().retryable()
          || attempt >= retry.maxAttempts()
          || !idempotent(t, capability, options, deadline)) {
        throw failure;
      }
      Duration cap = retry.backoffCap(attempt);
      Duration backoff = Duration.ofNanos(ThreadLocalRandom.current().nextLong(cap.toNanos() + 1));
      if (!config.clock().instant().plus(backoff).isBefore(deadline) || !t.budget.tryRetry()) {
        throw failure;
      }
      try {
        config.sleeper().sleep(backoff);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AgentException(ErrorCode.CANCELLED, "call to " + t.name + " interrupted", e);
      }
    }
  }

  /** What one attempt ended in: a result, or a failure (exactly one is non-null). */
  private record Outcome(JsonNode result, AgentException failure) {}

  /** One attempt through the breaker; an open circuit fails the call at once, without retry. */
  private Outcome attempt(
      Target t,
      byte[] body,
      Instant deadline,
      CallObserver.Span span,
      java.util.function.BooleanSupplier resendable)
      throws AgentException {
    Instant start = config.clock().instant();
    Duration remaining = Duration.between(start, deadline);
    if (remaining.isNegative() || remaining.isZero()) {
      return new Outcome(
          null,
          new AgentException(ErrorCode.DEADLINE_EXCEEDED, "deadline exceeded calling " + t.name));
    }
    if (!t.breaker.tryAcquire()) {
      throw new AgentException(ErrorCode.UNAVAILABLE, "circuit open for " + t.name);
    }
    boolean settled = false;
    try {
      JsonNode result = t.send(body, remaining, span.traceparent(), resendable);
      t.breaker.onSuccess();
      settled = true;
      t.recordLatency(Duration.between(start, config.clock().instant()));
      return new Outcome(result, null);
    } catch (AgentException e) {
      boolean down = e.code() == ErrorCode.UNAVAILABLE || e.code() == ErrorCode.DEADLINE_EXCEEDED;
      if (down) {
        t.breaker.onFailure();
      } else {
        t.breaker.onSuccess();
        t.recordLatency(Duration.between(start, config.clock().instant()));
      }
      settled = true;
      return new Outcome(null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AgentException(ErrorCode.CANCELLED, "call to " + t.name + " interrupted", e);
    } finally {
      if (!settled) {
        t.breaker.onAbandoned();
      }
    }
  }

  /** Whether a request may be sent again: its capability is idempotent (a failure says no). */
  private boolean resendable(Target t, String capability, CallOptions options, Instant deadline) {
    try {
      return idempotent(t, capability, options, deadline);
    } catch (AgentException e) {
      return false;
    }
  }

  private boolean idempotent(Target t, String capability, CallOptions options, Instant deadline)
      throws AgentException {
    if (options.idempotent().isPresent()) {
      return options.idempotent().get();
    }
    Duration remaining = Duration.between(config.clock().instant(), deadline);
    if (remaining.isNegative() || remaining.isZero()) {
      return false;
    }
    try {
      return t.idempotent(capability, remaining);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AgentException(ErrorCode.CANCELLED, "call to " + t.name + " interrupted", e);
    }
  }

  @Override
  public JsonNode callWithFallback(List<String> registryNames, String capability, JsonNode params)
      throws AgentException {
    Objects.requireNonNull(registryNames, "registryNames");
    if (registryNames.isEmpty()) {
      throw new AgentException(
          ErrorCode.INVALID_ARGUMENT, "registryNames: [] (expected: at least one agent name)");
    }
    List<AgentRegistry.Entry> entries = new ArrayList<>();
    for (String name : registryNames) {
      entries.add(entry(name));
    }
    AgentException last = null;
    for (AgentRegistry.Entry e : order(entries)) {
      try {
        return call(e.spiffeId(), e.address(), capability, params, CallOptions.defaults());
      } catch (AgentException failure) {
        last = failure;
        if (!movesOn(failure.code())) {
          throw failure;
        }
      }
    }
    throw last;
  }

  private static boolean movesOn(ErrorCode code) {
    return code == ErrorCode.UNAVAILABLE
        || code == ErrorCode.UNAUTHENTICATED
        || code == ErrorCode.DEADLINE_EXCEEDED;
  }

  /**
   * The entries in the order given, except that the members of a group are tried together, at the
   * place of the group's first member, fastest (lowest latency average) first.
   */
  List<AgentRegistry.Entry> order(List<AgentRegistry.Entry> entries) {
    Map<Object, List<AgentRegistry.Entry>> slots = new LinkedHashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      AgentRegistry.Entry e = entries.get(i);
      Object slot = e.group().<Object>map(g -> "group:" + g).orElse(i);
      slots.computeIfAbsent(slot, k -> new ArrayList<>()).add(e);
    }
    List<AgentRegistry.Entry> ordered = new ArrayList<>();
    for (List<AgentRegistry.Entry> slot : slots.values()) {
      slot.sort(
          Comparator.comparingDouble(
              (AgentRegistry.Entry e) -> target(e.spiffeId(), e.address()).latencyNanos()));
      ordered.addAll(slot);
    }
    return ordered;
  }

  private AgentRegistry.Entry entry(String registryName) throws AgentException {
    Objects.requireNonNull(registryName, "registryName");
    return config
        .registry()
        .get(registryName)
        .orElseThrow(
            () ->
                new AgentException(
                    ErrorCode.NOT_FOUND,
                    "agent \"" + registryName + "\" is not in the registry " + config.registry()));
  }

  private Target target(SpiffeId id, URI address) {
    return targets.computeIfAbsent(new Target.Key(id, address), k -> new Target(k, config));
  }

  @Override
  public void close() {
    closed = true;
    targets.values().forEach(Target::close);
    targets.clear();
  }
}
