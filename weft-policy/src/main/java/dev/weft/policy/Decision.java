package dev.weft.policy;

import dev.weft.policy.rego.value.Value;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The answer to one {@link AuthorizationRequest}.
 *
 * <p>How a policy result becomes a decision ({@link #fromResult}), the same for the embedded engine
 * and an external OPA:
 *
 * <ul>
 *   <li>undefined (no rule matched and no default): deny;
 *   <li>a boolean: allow when {@code true};
 *   <li>an object (a package such as {@code agentweave/authz/federated} queried whole, or a rule
 *       returning a decision object): allow only when its {@code allow} is {@code true} and its
 *       {@code deny} (if any) holds no message. Messages in {@code deny}, {@code reason} (a string)
 *       and {@code reasons} (an array or set) become the decision's reason;
 *   <li>anything else: deny.
 * </ul>
 *
 * @param allowed whether the call may proceed
 * @param reason human text naming the decision path and why, e.g. {@code allowed by
 *     agentweave/authz/federated}, {@code denied by agentweave/authz/federated: allow is false},
 *     {@code denied by weft/authz: caller is not in trust domain aws.company.com}, or for a failure
 *     {@code denied: no policy is loaded yet}
 * @param result the policy's raw result, or null when it was undefined or could not be obtained
 * @param revision the policy revision decided with; empty when unknown (an external OPA, or no
 *     policy loaded)
 * @param duration how long the decision took
 * @param decisionId a unique ID for this decision, also written to the decision log
 * @param metrics what the engine measured while deciding, by OPA's decision-log names (e.g. {@code
 *     timer_rego_query_eval_ns}, {@code counter_decision_cache_hit}); the decision log writes them
 *     under {@code metrics}. Empty when the engine measured nothing
 */
public record Decision(
    boolean allowed,
    String reason,
    Value result,
    String revision,
    Duration duration,
    String decisionId,
    Map<String, Long> metrics) {

  /** Validates the decision and copies the metrics (sorted by name). */
  public Decision {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(revision, "revision");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(decisionId, "decisionId");
    metrics = Collections.unmodifiableMap(new TreeMap<>(metrics));
  }

  /** A decision without metrics. */
  public Decision(
      boolean allowed,
      String reason,
      Value result,
      String revision,
      Duration duration,
      String decisionId) {
    this(allowed, reason, result, revision, duration, decisionId, Map.of());
  }

  /** This decision with {@code newMetrics} (replacing its own). */
  public Decision withMetrics(Map<String, Long> newMetrics) {
    return new Decision(allowed, reason, result, revision, duration, decisionId, newMetrics);
  }

  /**
   * The decision a policy result means (see the class comment).
   *
   * @param path the decision path the result was read from, named in the reason
   * @param result the result, or null when undefined
   */
  public static Decision fromResult(
      DecisionPath path, Value result, String revision, Duration duration, String decisionId) {
    Results.Verdict verdict = Results.interpret(path, result);
    return new Decision(
        verdict.allowed(), verdict.reason(), result, revision, duration, decisionId);
  }

  /**
   * A deny that no policy result supports: the policy could not be loaded, reached or evaluated.
   *
   * @param reason what went wrong, conventionally starting with {@code denied: }
   */
  public static Decision deny(
      String reason, String revision, Duration duration, String decisionId) {
    return new Decision(false, reason, null, revision, duration, decisionId);
  }
}
