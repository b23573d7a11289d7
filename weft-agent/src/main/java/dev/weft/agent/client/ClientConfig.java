package dev.weft.agent.client;

import dev.weft.agent.observability.CallObserver;
import dev.weft.fabric.session.SessionEndpoint;
import dev.weft.identity.source.IdentitySource;
import dev.weft.policy.Authorizer;
import dev.weft.policy.DecisionLog;
import dev.weft.policy.DecisionPoint;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What an agent client needs: the agent's own identity, its outbound policy and audit log, the
 * registry of agents it calls by name, and how it times, retries and breaks calls. Build with
 * {@link #builder}.
 */
public final class ClientConfig {

  private final IdentitySource identity;
  private final DecisionPoint decisions;
  private final AgentRegistry registry;
  private final CallObserver observer;
  private final Duration defaultTimeout;
  private final RetryPolicy retry;
  private final BreakerPolicy breaker;
  private final Duration agentCardTtl;
  private final Clock clock;
  private final Sleeper sleeper;
  private final SessionEndpoint fabric; // null: no calls over the fabric

  private ClientConfig(Builder b) {
    this.identity = b.identity;
    this.decisions = DecisionPoint.create(b.authorizer, b.auditLog, b.clock);
    this.registry = b.registry;
    this.observer = b.observer;
    this.defaultTimeout = b.defaultTimeout;
    this.retry = b.retry;
    this.breaker = b.breaker;
    this.agentCardTtl = b.agentCardTtl;
    this.clock = b.clock;
    this.sleeper = b.sleeper;
    this.fabric = b.fabric;
  }

  /**
   * A builder for a client that presents {@code identity}'s SVID (its SPIFFE ID is the caller in
   * policy requests) and asks {@code authorizer} before every call (the outbound policy; {@link
   * Authorizer#allowAll} leaves the decision to the callee).
   */
  public static Builder builder(IdentitySource identity, Authorizer authorizer) {
    return new Builder(identity, authorizer);
  }

  IdentitySource identity() {
    return identity;
  }

  /** Decides and audits the outbound policy: the authorizer and audit log of the builder. */
  DecisionPoint decisions() {
    return decisions;
  }

  AgentRegistry registry() {
    return registry;
  }

  CallObserver observer() {
    return observer;
  }

  Duration defaultTimeout() {
    return defaultTimeout;
  }

  RetryPolicy retry() {
    return retry;
  }

  BreakerPolicy breaker() {
    return breaker;
  }

  Duration agentCardTtl() {
    return agentCardTtl;
  }

  Clock clock() {
    return clock;
  }

  Sleeper sleeper() {
    return sleeper;
  }

  Optional<SessionEndpoint> fabric() {
    return Optional.ofNullable(fabric);
  }

  /** Builds a {@link ClientConfig}; each method checks its argument at once. */
  public static final class Builder {
    private final IdentitySource identity;
    private final Authorizer authorizer;
    private DecisionLog auditLog = DecisionLog.noop();
    private AgentRegistry registry = AgentRegistry.empty();
    private CallObserver observer = CallObserver.noop();
    private Duration defaultTimeout = Duration.ofSeconds(10);
    private RetryPolicy retry = RetryPolicy.DEFAULT;
    private BreakerPolicy breaker = BreakerPolicy.DEFAULT;
    private Duration agentCardTtl = Duration.ofMinutes(5);
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.system();
    private SessionEndpoint fabric;

    private Builder(IdentitySource identity, Authorizer authorizer) {
      this.identity = Objects.requireNonNull(identity, "identity");
      this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
    }

    /**
     * Where every outbound decision goes, allowed or denied, one entry each under the path {@code
     * weft/agent/outbound_policy}; default {@link DecisionLog#noop()}. Not closed by the client.
     */
    public Builder auditLog(DecisionLog log) {
      this.auditLog = Objects.requireNonNull(log, "log");
      return this;
    }

    /** The agents callable by name; default none. */
    public Builder registry(AgentRegistry newRegistry) {
      this.registry = Objects.requireNonNull(newRegistry, "registry");
      return this;
    }

    /** Where spans, latencies and breaker states go; default {@link CallObserver#noop()}. */
    public Builder observer(CallObserver newObserver) {
      this.observer = Objects.requireNonNull(newObserver, "observer");
      return this;
    }

    /** The timeout of calls that give none, retries included; default 10 s. */
    public Builder defaultTimeout(Duration newTimeout) {
      this.defaultTimeout = positive("defaultTimeout", newTimeout);
      return this;
    }

    /** How idempotent calls are retried; default {@link RetryPolicy#DEFAULT}. */
    public Builder retry(RetryPolicy newRetry) {
      this.retry = Objects.requireNonNull(newRetry, "retry");
      return this;
    }

    /** The circuit breaker per target; default {@link BreakerPolicy#DEFAULT}. */
    public Builder breaker(BreakerPolicy newBreaker) {
      this.breaker = Objects.requireNonNull(newBreaker, "breaker");
      return this;
    }

    /** How long a target's agent card (read for idempotency) is reused; default 5 min. */
    public Builder agentCardTtl(Duration newTtl) {
      this.agentCardTtl = positive("agentCardTtl", newTtl);
      return this;
    }

    /**
     * The clock for deadlines, breakers, card expiry and audit timestamps; default the system clock
     * (UTC).
     */
    public Builder clock(Clock newClock) {
      this.clock = Objects.requireNonNull(newClock, "clock");
      return this;
    }

    /** How the client waits between retries; default {@link Sleeper#system()}. */
    public Builder sleeper(Sleeper newSleeper) {
      this.sleeper = Objects.requireNonNull(newSleeper, "sleeper");
      return this;
    }

    /**
     * The session endpoint calls over the fabric go through ({@link
     * dev.weft.agent.AgentClient#call(dev.weft.identity.spiffeid.SpiffeId, dev.weft.fabric.Name,
     * String, com.fasterxml.jackson.databind.JsonNode, Duration)}); it should be built with MLS, as
     * such calls need the callee's MLS-authenticated identity. Default: none (those calls fail
     * UNAVAILABLE). The client does not close it.
     */
    public Builder fabric(SessionEndpoint sessions) {
      this.fabric = Objects.requireNonNull(sessions, "sessions");
      return this;
    }

    /** The configuration. */
    public ClientConfig build() {
      return new ClientConfig(this);
    }

    private static Duration positive(String field, Duration value) {
      Objects.requireNonNull(value, field);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(field + ": " + value + " (expected: > 0)");
      }
      return value;
    }
  }
}
