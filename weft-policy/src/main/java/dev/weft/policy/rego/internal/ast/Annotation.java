package dev.weft.policy.rego.internal.ast;

import dev.weft.policy.rego.Location;
import dev.weft.policy.rego.value.ObjectValue;

/**
 * One {@code # METADATA} block of a module, as OPA reads it.
 *
 * @param scope {@code package}, {@code subpackages}, {@code rule} or {@code document}
 * @param value the annotations as OPA writes them in JSON: {@code scope}, and any of {@code title},
 *     {@code description}, {@code authors} (objects with {@code name} and {@code email}), {@code
 *     organizations}, {@code related_resources} (objects with {@code ref} and {@code description}),
 *     {@code schemas}, {@code entrypoint}, {@code custom}
 * @param rule the index in {@link Module#rules()} of the rule the block stands before, or -1 when
 *     it stands before the package clause
 * @param location where the block's {@code # METADATA} line is
 */
public record Annotation(String scope, ObjectValue value, int rule, Location location) {}
