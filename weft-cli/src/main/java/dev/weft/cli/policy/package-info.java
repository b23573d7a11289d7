/**
 * {@code weft policy eval|test|check}: OPA's {@code eval}, {@code test} and {@code check} over the
 * embedded Rego engine, with OPA's flags, output and exit statuses.
 */
package dev.weft.cli.policy;
