package dev.weft.policy;

import dev.weft.policy.rego.value.BooleanValue;
import java.time.Duration;
import java.util.UUID;

/**
 * Decides whether a call may proceed: the policy plane's seam. {@link RegoAuthorizer} evaluates
 * policies in-process; {@code dev.weft.policy.opa.OpaAuthorizer} asks an external OPA.
 *
 * <p>Implementations are thread-safe and fail closed: trouble with the policy (none loaded, an
 * evaluation error, an unreachable or misbehaving OPA) is a deny {@link Decision} whose reason says
 * what went wrong, never an exception.
 *
 * <p>An authorizer only decides: it writes no audit. A {@link DecisionPoint} asks it and records
 * each decision in the {@link DecisionLog}, once.
 */
public interface Authorizer extends AutoCloseable {

  /**
   * Decides one request. Thread-safe; called on the caller's thread, which it may block for as long
   * as the decision takes (an external OPA: up to its request timeout).
   *
   * @return the decision; a deny with a reason when the policy could not decide
   */
  Decision decide(AuthorizationRequest request);

  /** Releases what the authorizer created; later decisions deny. */
  @Override
  void close();

  /**
   * An authorizer that allows everything, saying so in every decision's reason ({@code allowed: }
   * and {@code why}; the result is {@code true}). For development only (an agent configuration's
   * {@code default_policy: allow_all}, which the production profile refuses) and for callers whose
   * callee enforces the policy, such as {@code weft call}.
   *
   * @param why the reason every decision gives, e.g. {@code "no outbound policy"}
   */
  static Authorizer allowAll(String why) {
    return fixed(true, "allowed: " + why);
  }

  /**
   * An authorizer that denies everything, saying so in every decision's reason ({@code denied: }
   * and {@code why}; the result is {@code false}): what is decided when no policy is configured.
   *
   * @param why the reason every decision gives, e.g. {@code "no authorizer is configured"}
   */
  static Authorizer denyAll(String why) {
    return fixed(false, "denied: " + why);
  }

  private static Authorizer fixed(boolean allowed, String reason) {
    return new Authorizer() {
      @Override
      public Decision decide(AuthorizationRequest request) {
        return new Decision(
            allowed,
            reason,
            BooleanValue.of(allowed),
            "",
            Duration.ZERO,
            UUID.randomUUID().toString());
      }

      @Override
      public void close() {}
    };
  }
}
