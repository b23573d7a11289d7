package dev.weft.agent;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of an agent as a capability other agents may call.
 *
 * <p>The method takes at most two parameters, in any order: the call's parameters (any type Jackson
 * can bind from a JSON object, or {@code JsonNode}) and a {@link CallContext}. It returns the
 * result (any type Jackson can write as JSON, or {@code void}). It may throw {@link AgentException}
 * to answer with a chosen error; any other exception is answered as an internal error without its
 * message.
 *
 * <pre>{@code
 * @Capability(name = "search", description = "Full-text search", idempotent = true)
 * SearchResult search(SearchQuery query, CallContext ctx) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Capability {

  /** The capability's name as callers use it; letters, digits, {@code _}, {@code -}, {@code .}. */
  String name();

  /** What the capability does, shown in the agent card. */
  String description() default "";

  /** Whether calling it twice has the same effect as once: only then do callers retry it. */
  boolean idempotent() default false;
}
