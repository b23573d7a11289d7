/** The Rego compiler and evaluator behind {@link dev.weft.policy.rego.RegoPolicy}; not API. */
package dev.weft.policy.rego.internal;
