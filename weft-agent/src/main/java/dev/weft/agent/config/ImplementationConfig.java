package dev.weft.agent.config;

import java.util.Objects;
import java.util.Optional;

/**
 * The {@code agent} section: what {@code weft agent run} instantiates.
 *
 * <pre>{@code
 * agent:
 *   class: "com.example.SearchAgent"
 *   default_capability: "search"
 * }</pre>
 *
 * @param className the fully qualified name of the agent object's class (nested classes written
 *     with {@code $}); default none
 * @param defaultCapability the capability a message without {@code weft.capability} metadata
 *     goes to; default none (the first declared one)
 */
public record ImplementationConfig(Optional<String> className, Optional<String> defaultCapability) {
  /** Nothing may be null. */
  public ImplementationConfig {
    Objects.requireNonNull(className, "className");
    Objects.requireNonNull(defaultCapability, "defaultCapability");
  }
}
