package dev.weft.policy;

/**
 * Decides whether a call may proceed: the policy plane's seam. {@link RegoAuthorizer} evaluates
 * policies in-process; {@code dev.weft.policy.opa.OpaAuthorizer} asks an external OPA.
 *
 * <p>Implementations are thread-safe and fail closed: trouble with the policy (none loaded, an
 * evaluation error, an unreachable or misbehaving OPA) is a deny {@link Decision} whose reason says
 * what went wrong, never an exception.
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
}
