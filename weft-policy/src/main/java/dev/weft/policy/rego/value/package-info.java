/**
 * Rego's value model: null, booleans, arbitrary-precision numbers, strings, arrays, objects with
 * any keys, and sets, with OPA's equality, order and JSON mapping.
 */
package dev.weft.policy.rego.value;
