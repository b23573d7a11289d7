package dev.weft.policy;

import dev.weft.policy.rego.EvalLimits;
import dev.weft.policy.rego.EvalOptions;
import dev.weft.policy.rego.PreparedQuery;
import dev.weft.policy.rego.RegoPolicy;
import dev.weft.policy.rego.value.Value;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link Authorizer} evaluating the embedded Rego engine: each decision reads the decision path
 * ({@link DecisionPath#ref()}) from the current {@link PolicySnapshot} with the request's {@link
 * AuthorizationRequest#input() input}. It writes no audit: a {@link DecisionPoint} records its
 * decisions.
 *
 * <p>The query is prepared once per snapshot and reused until the supplier returns another one. No
 * snapshot yet, a failing supplier, a query that does not prepare and an evaluation error (a
 * conflict, or a strict built-in error) all deny with the reason. {@code print} output of the
 * policy goes to the {@code dev.weft.policy.print} logger at debug level.
 *
 * <p>Each decision is bounded ({@link EvalLimits}; by default {@link EvalLimits#DECISION}: 250 ms
 * and 1,000,000 evaluation steps). A decision that reaches either bound stops and denies with the
 * reason, e.g. {@code denied: evaluating data.pkg.allow failed: eval_cancel_error: policy
 * evaluation exceeded its deadline of 250ms}.
 *
 * <p>Each decision carries its {@linkplain Decision#metrics() metrics}: {@code
 * timer_rego_query_compile_ns} when the query was prepared for this decision, and {@code
 * timer_rego_query_eval_ns} (the decision log adds {@code timer_server_handler_ns}).
 */
public final class RegoAuthorizer implements Authorizer {

  private static final Logger PRINT = LoggerFactory.getLogger("dev.weft.policy.print");

  private final Supplier<PolicySnapshot> policies;
  private final DecisionPath path;
  private final EvalOptions options;

  /** The query prepared against the last snapshot seen; swapped whole. */
  private volatile Prepared prepared;

  private volatile boolean closed;

  /** A query prepared against one policy, or why it could not be. */
  private record Prepared(RegoPolicy policy, PreparedQuery query, String error) {}

  private RegoAuthorizer(
      Supplier<PolicySnapshot> policies, DecisionPath path, Clock clock, EvalLimits limits) {
    this.policies = Objects.requireNonNull(policies, "policies");
    this.path = Objects.requireNonNull(path, "path");
    this.options =
        EvalOptions.of(null)
            .withClock(Objects.requireNonNull(clock, "clock"))
            .withPrint(PRINT::debug)
            .withLimits(Objects.requireNonNull(limits, "limits"));
  }

  /**
   * An authorizer reading {@code path} from the snapshots {@code policies} supplies.
   *
   * @param policies the current policy on each call (e.g. a {@code PolicyWatcher}); may return null
   *     while none is loaded; called on the deciding thread
   * @param path the decision path, e.g. {@code agentweave/authz/federated}
   * @param clock the clock of the policy's {@code time.now_ns}
   */
  public static RegoAuthorizer create(
      Supplier<PolicySnapshot> policies, DecisionPath path, Clock clock) {
    return new RegoAuthorizer(policies, path, clock, EvalLimits.DECISION);
  }

  /**
   * An authorizer as {@link #create(Supplier, DecisionPath, Clock)} makes, with other bounds on
   * each decision.
   *
   * @param limits the deadline and step budget of each decision ({@link EvalLimits#DECISION} by
   *     default; {@link EvalLimits#NONE} to leave decisions unbounded)
   */
  public static RegoAuthorizer create(
      Supplier<PolicySnapshot> policies, DecisionPath path, Clock clock, EvalLimits limits) {
    return new RegoAuthorizer(policies, path, clock, limits);
  }

  @Override
  public Decision decide(AuthorizationRequest request) {
    Objects.requireNonNull(request, "request");
    long start = System.nanoTime();
    String id = UUID.randomUUID().toString();
    Map<String, Long> metrics = new HashMap<>();
    Decision decision;
    PolicySnapshot snapshot = null;
    try {
      snapshot = closed ? null : policies.get();
    } catch (RuntimeException e) {
      decision = Decision.deny("denied: the policy source failed: " + e, "", since(start), id);
      return measured(decision, metrics);
    }
    if (snapshot == null) {
      String why = closed ? "the authorizer is closed" : "no policy is loaded yet";
      return measured(Decision.deny("denied: " + why, "", since(start), id), metrics);
    }
    Prepared query = prepare(snapshot.policy(), metrics);
    String revision = snapshot.revision();
    if (query.error() != null) {
      decision = Decision.deny("denied: " + query.error(), revision, since(start), id);
      return measured(decision, metrics);
    }
    long evalStart = System.nanoTime();
    try {
      Optional<Value> result = query.query().evaluateFirst(options.withInput(request.input()));
      metrics.put("timer_rego_query_eval_ns", System.nanoTime() - evalStart);
      decision = Decision.fromResult(path, result.orElse(null), revision, since(start), id);
    } catch (PolicyException | RuntimeException e) {
      metrics.put("timer_rego_query_eval_ns", System.nanoTime() - evalStart);
      String what = e instanceof PolicyException ? e.getMessage() : "internal error: " + e;
      decision =
          Decision.deny(
              "denied: evaluating " + path.ref() + " failed: " + what, revision, since(start), id);
    }
    return measured(decision, metrics);
  }

  /** Later decisions deny. */
  @Override
  public void close() {
    closed = true;
  }

  private Prepared prepare(RegoPolicy policy, Map<String, Long> metrics) {
    Prepared current = prepared;
    if (current != null && current.policy() == policy) {
      return current;
    }
    long start = System.nanoTime();
    Prepared fresh;
    try {
      fresh = new Prepared(policy, policy.prepare(path.ref()), null);
    } catch (PolicyException | RuntimeException e) {
      String what = e instanceof PolicyException ? e.getMessage() : "internal error: " + e;
      fresh = new Prepared(policy, null, "preparing " + path.ref() + " failed: " + what);
    }
    metrics.put("timer_rego_query_compile_ns", System.nanoTime() - start);
    prepared = fresh;
    return fresh;
  }

  private static Decision measured(Decision decision, Map<String, Long> metrics) {
    return decision.withMetrics(metrics);
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
