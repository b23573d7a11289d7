/** Rego's built-in functions, with OPA's names, semantics and error messages. */
package dev.weft.policy.rego.builtins;
