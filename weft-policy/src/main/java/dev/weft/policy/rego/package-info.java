/**
 * The embedded Rego engine: {@link dev.weft.policy.rego.RegoPolicy} compiles modules and data,
 * {@link dev.weft.policy.rego.PreparedQuery} evaluates queries against them with OPA's semantics.
 */
package dev.weft.policy.rego;
