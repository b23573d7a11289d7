/**
 * The policy plane's seam: {@link dev.weft.policy.Authorizer} decides whether a call may proceed,
 * with the embedded Rego engine or an external OPA behind it.
 */
package dev.weft.policy;
