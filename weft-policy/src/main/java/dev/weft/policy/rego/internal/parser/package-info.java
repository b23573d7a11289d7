/**
 * The Rego parser: v1 syntax, and v0 syntax for OPA's v0-compatibility mode.
 *
 * <p>{@link dev.weft.policy.rego.internal.parser.RegoParser} is the entry point. Underneath, a
 * lexer splits the source into tokens in one pass and a recursive-descent parser, layered from
 * single terms up to modules, follows the structure of OPA's parser so that it accepts the same
 * programs and reports the same errors.
 */
package dev.weft.policy.rego.internal.parser;
