package dev.weft.policy;

import dev.weft.policy.rego.value.BooleanValue;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where a decision about a call is made and audited: {@link #decide} asks the {@link
 * Authorizer} (the policy), {@link #check} applies a {@link Guard} (a rule checked before the
 * policy), and each writes exactly one {@link DecisionLog.Entry} for the decision it returns,
 * allowed or denied. An agent's server pipeline (inbound calls) and its client (outbound calls)
 * both decide here, so every decision of either direction is audited once.
 *
 * <p>Fails closed: an authorizer or guard that throws (which their contracts forbid) gives a deny
 * that is audited like any other. A failed audit write is reported in the application log by the
 * decision log, and the decision stands. Thread-safe.
 *
 * <pre>{@code
 * DecisionPoint decisions = DecisionPoint.create(authorizer, auditLog, Clock.systemUTC());
 * Decision d = decisions.decide(DecisionPath.parse("weft/agent/policy"), request);
 * }</pre>
 */
public final class DecisionPoint {

  private static final Logger LOG = LoggerFactory.getLogger(DecisionPoint.class);

  private final Authorizer authorizer;
  private final DecisionLog audit;
  private final Clock clock;

  private DecisionPoint(Authorizer authorizer, DecisionLog audit, Clock clock) {
    this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * A decision point asking {@code authorizer} and recording in {@code audit}; neither is closed by
   * it (their creator closes them).
   *
   * @param clock the clock of the audit entries' timestamps
   */
  public static DecisionPoint create(Authorizer authorizer, DecisionLog audit, Clock clock) {
    return new DecisionPoint(authorizer, audit, clock);
  }

  /**
   * Asks the policy about {@code request} and audits the decision under {@code path}. Called on the
   * caller's thread, which it blocks for as long as the authorizer takes.
   *
   * @param path the audit path of this kind of decision, e.g. {@code weft/agent/policy}
   * @return the decision; a deny with a reason when the policy could not decide
   */
  public Decision decide(DecisionPath path, AuthorizationRequest request) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(request, "request");
    long start = System.nanoTime();
    Decision decision;
    try {
      decision = Objects.requireNonNull(authorizer.decide(request), "decision");
    } catch (RuntimeException e) {
      decision =
          Decision.deny(
              "denied: the authorizer failed: " + e,
              "",
              since(start),
              UUID.randomUUID().toString());
    }
    return audited(path, request, decision);
  }

  /**
   * Applies {@code guard} to {@code request} and audits the decision under the guard's path, with
   * the result {@code true} or {@code false} and the guard's revision.
   *
   * @return the decision, whose reason is the guard's
   */
  public Decision check(Guard guard, AuthorizationRequest request) {
    Objects.requireNonNull(guard, "guard");
    Objects.requireNonNull(request, "request");
    long start = System.nanoTime();
    Guard.Verdict verdict;
    try {
      verdict = guard.check(request);
    } catch (RuntimeException e) {
      verdict = Guard.Verdict.deny("denied: the guard failed: " + e);
    }
    Decision decision =
        new Decision(
            verdict.allowed(),
            verdict.reason(),
            BooleanValue.of(verdict.allowed()),
            guard.revision(),
            since(start),
            UUID.randomUUID().toString());
    return audited(guard.path(), request, decision);
  }

  private Decision audited(DecisionPath path, AuthorizationRequest request, Decision decision) {
    try {
      audit.record(DecisionLog.Entry.of(clock.instant(), path, request, decision));
    } catch (RuntimeException e) {
      LOG.warn(
          "decision log: recording decision {} failed: {}", decision.decisionId(), e.toString());
    }
    return decision;
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
