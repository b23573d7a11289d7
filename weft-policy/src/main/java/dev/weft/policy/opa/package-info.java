/**
 * An {@link dev.weft.policy.Authorizer} backed by an external OPA server: {@link
 * dev.weft.policy.opa.OpaAuthorizer} posts each request's input to OPA's Data API, with timeouts, a
 * bounded decision cache and fail-closed handling of every failure; {@link
 * dev.weft.policy.opa.OpaConfig} is its configuration.
 */
package dev.weft.policy.opa;
