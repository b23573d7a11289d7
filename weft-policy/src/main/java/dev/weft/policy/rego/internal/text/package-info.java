/**
 * Strings as Go handles them (byte order, {@code encoding/json} quoting), for output that must
 * match OPA; not API.
 */
package dev.weft.policy.rego.internal.text;
