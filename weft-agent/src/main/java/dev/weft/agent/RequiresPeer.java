package dev.weft.agent;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Restricts a capability (or every capability of an agent class) to callers whose SPIFFE ID matches
 * one of the patterns. Checked after the mTLS handshake and before the policy is asked.
 *
 * <p>A pattern is a SPIFFE ID in which {@code *} stands for exactly one path segment (or, in the
 * trust domain position, one whole trust domain): {@code spiffe://example.org/region/*
 * /orchestrator} matches {@code spiffe://example.org/region/aws-us-east-1/orchestrator} and not
 * {@code spiffe://example.org/region/a/b/orchestrator}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RequiresPeer {

  /** The patterns; a caller matching any of them passes. */
  String[] value();
}
