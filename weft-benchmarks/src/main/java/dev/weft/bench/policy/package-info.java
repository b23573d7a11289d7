/**
 * {@code scripts/bench policy}: one authorization decision of seed 000's federation policy in the
 * embedded Rego engine against a hand-coded Java version of the same rule, and the compile time of
 * a 1,000-rule policy.
 */
package dev.weft.bench.policy;
