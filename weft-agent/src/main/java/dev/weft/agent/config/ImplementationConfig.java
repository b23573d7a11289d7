package dev.weft.agent.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code agent} section: what {@code weft agent run} instantiates.
 *
 * <pre>{@code
 * agent:
 *   class: "com.example.SearchAgent"
 *   default_capability: "search"
 *   skills:
 *     search: {description: "Full-text search over the catalogue"}
 * }</pre>
 *
 * @param className the fully qualified name of the agent object's class (nested classes written
 *     with {@code $}); default none
 * @param defaultCapability the capability a message without {@code weft.capability} metadata goes
 *     to; default none (the first declared one)
 * @param skillDescriptions {@code skills.<capability>.description}: the description of a capability
 *     in the agent card, instead of its {@code @Capability} description; default none
 */
public record ImplementationConfig(
    Optional<String> className,
    Optional<String> defaultCapability,
    Map<String, String> skillDescriptions) {
  /** Copies the map, keeping its order; nothing may be null. */
  public ImplementationConfig {
    Objects.requireNonNull(className, "className");
    Objects.requireNonNull(defaultCapability, "defaultCapability");
    skillDescriptions = Collections.unmodifiableMap(new LinkedHashMap<>(skillDescriptions));
  }

  /** Without skill descriptions. */
  public ImplementationConfig(Optional<String> className, Optional<String> defaultCapability) {
    this(className, defaultCapability, Map.of());
  }
}
