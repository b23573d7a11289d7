/**
 * The policy plane's seam: {@link dev.weft.policy.Authorizer} decides whether a call may proceed,
 * with the embedded Rego engine ({@link dev.weft.policy.RegoAuthorizer}) or an external OPA behind
 * it. {@link dev.weft.policy.AuthorizationRequest} is the input a call presents, {@link
 * dev.weft.policy.Decision} the answer, {@link dev.weft.policy.DecisionPath} the policy document
 * read, and {@link dev.weft.policy.DecisionLog} the audit trail of every decision.
 */
package dev.weft.policy;
