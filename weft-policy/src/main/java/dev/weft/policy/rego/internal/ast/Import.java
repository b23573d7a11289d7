package dev.weft.policy.rego.internal.ast;

import dev.weft.policy.rego.Location;

/**
 * An import: {@code import data.x.y}, {@code import input.a as b}, {@code import rego.v1} or {@code
 * import future.keywords.in}.
 *
 * @param path the imported reference
 * @param alias the {@code as} name, or null
 * @param location where the import starts
 */
public record Import(Term.Ref path, String alias, Location location) {}
