/**
 * Rego's built-in functions, with OPA's names, semantics and error messages.
 *
 * <p>{@link dev.weft.policy.rego.internal.builtins.Builtins} is the registry the evaluator looks
 * built-ins up in; each {@link dev.weft.policy.rego.internal.builtins.Builtin} is a pure function
 * of ground operands that returns a value, null when OPA's built-in is undefined, or throws a
 * {@link dev.weft.policy.rego.internal.builtins.BuiltinException} with OPA's message (a type error
 * such as {@code operand 1 must be string but got number}, or another failure).
 *
 * <p>Where OPA's behaviour comes from Go's standard library the implementation follows it rather
 * than Java's: non-integer arithmetic is Go's {@code big.Float} with a 64-bit mantissa ({@code 1 /
 * 3} is {@code 0.33333333333333333334}), {@code sprintf} is Go's {@code fmt}, regular expressions
 * are Go's RE2 syntax run by RE2/J (linear-time matching, Go's parse errors and limits), globs
 * follow gobwas/glob and are compiled onto RE2/J too, JSON, base64, time layouts, durations and IP
 * addresses parse (and fail) as Go's do. Where OPA builds on a Go library, that library is ported:
 * Go's {@code text/template} ({@code GoTemplate*}), {@code crypto/x509}'s JSON ({@code GoX509*})
 * and gqlparser for the {@code graphql.*} built-ins ({@code Gql*}: lexer, parsers, schema checks,
 * validation rules and the syntax tree's JSON). The families live in package-private classes:
 * arithmetic, aggregates, collections, objects, types, strings, regex and glob, encoding, time,
 * net, JWT, X.509, templates and GraphQL.
 */
package dev.weft.policy.rego.internal.builtins;
