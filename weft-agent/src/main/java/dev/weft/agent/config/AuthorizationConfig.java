package dev.weft.agent.config;

import dev.weft.policy.DecisionPath;
import dev.weft.policy.PolicyException;
import dev.weft.policy.load.LoadedPolicy;
import dev.weft.policy.load.PolicyLoader;
import dev.weft.policy.opa.OpaConfig;
import dev.weft.policy.rego.EvalLimits;
import dev.weft.policy.rego.RegoVersion;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code authorization} section: how calls are authorized.
 *
 * <pre>{@code
 * authorization:
 *   engine: "rego"                       # or "opa"
 *   default_policy: "deny_all"           # or "allow_all"
 *   policy_paths: ["policies/"]          # files and directories, relative to this file
 *   decision_path: "agentweave/authz/federated/allow"
 *   v0_compatible: false
 *   audit_log: "/var/log/weft/decisions.jsonl"
 *   eval_timeout: 250ms                  # per decision of the embedded engine
 *   eval_max_steps: 1000000
 *   opa:
 *     enabled: true
 *     url: "http://opa.opa.svc.cluster.local:8181"
 *     timeout: 2s
 *     connect_timeout: 1s
 *     cache_size: 10000
 *     cache_ttl: 5s
 * }</pre>
 *
 * @param engine which engine decides; default {@link Engine#OPA} when {@code opa.enabled} is true
 *     (seed 001's shape), else {@link Engine#REGO}
 * @param defaultPolicy what is decided when no policy is configured (no {@code policy_paths} with
 *     the embedded engine); default {@link DefaultPolicy#DENY_ALL}. {@code allow_all} is refused in
 *     the {@link Profile#PRODUCTION production} profile
 * @param policyPaths Rego files, data files and directories for {@link PolicyLoader}, resolved
 *     against the file's directory and checked to exist; default none
 * @param decisionPath the document a decision reads; default {@code
 *     agentweave/authz/federated/allow} (the policy shipped with weft-policy)
 * @param v0Compatible whether modules use pre-1.0 Rego syntax (OPA's {@code --v0-compatible});
 *     default false
 * @param auditLog where decisions are written as JSON lines; default none
 * @param opa the external OPA, used when {@code engine} is {@link Engine#OPA}
 * @param evalLimits the deadline ({@code eval_timeout}) and step budget ({@code eval_max_steps}) of
 *     each decision of the embedded engine; a decision past either denies with the reason; default
 *     {@link EvalLimits#DECISION} (250 ms, 1,000,000 steps)
 */
public record AuthorizationConfig(
    Engine engine,
    DefaultPolicy defaultPolicy,
    List<Path> policyPaths,
    DecisionPath decisionPath,
    boolean v0Compatible,
    Optional<Path> auditLog,
    Opa opa,
    EvalLimits evalLimits) {

  /** The decision path used when none is written. */
  public static final String DEFAULT_DECISION_PATH = "agentweave/authz/federated/allow";

  /** Copies the list; nothing may be null. */
  public AuthorizationConfig {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(defaultPolicy, "defaultPolicy");
    policyPaths = List.copyOf(policyPaths);
    Objects.requireNonNull(decisionPath, "decisionPath");
    Objects.requireNonNull(auditLog, "auditLog");
    Objects.requireNonNull(opa, "opa");
    Objects.requireNonNull(evalLimits, "evalLimits");
  }

  /** The Rego syntax of the modules: {@link RegoVersion#V0} when {@code v0_compatible}. */
  public RegoVersion regoVersion() {
    return v0Compatible ? RegoVersion.V0 : RegoVersion.V1;
  }

  /**
   * Loads {@link #policyPaths()} with {@link PolicyLoader#load(List)}.
   *
   * @throws PolicyException as {@link PolicyLoader#load(List)} does
   */
  public LoadedPolicy loadPolicy() throws PolicyException {
    return PolicyLoader.load(policyPaths);
  }

  /**
   * The OPA client configuration when {@code engine} is {@link Engine#OPA}: {@code url}, this
   * section's decision path, {@code timeout} as the request timeout, {@code connect_timeout},
   * {@code cache_size} and {@code cache_ttl}; no bearer token.
   */
  public Optional<OpaConfig> opaConfig() {
    if (engine != Engine.OPA || opa.url().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new OpaConfig(
            opa.url().get(),
            decisionPath,
            opa.connectTimeout(),
            opa.timeout(),
            opa.cacheSize(),
            opa.cacheTtl(),
            null));
  }

  /** Which engine decides. */
  public enum Engine {
    /** {@code rego}: the embedded Rego engine over {@code policy_paths}. */
    REGO,
    /** {@code opa}: an external OPA server ({@code authorization.opa}). */
    OPA;

    /** The name in the file. */
    public String configName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What is decided without a policy. */
  public enum DefaultPolicy {
    /** {@code deny_all}: every call is denied. */
    DENY_ALL,
    /** {@code allow_all}: every authenticated call is allowed (development only). */
    ALLOW_ALL;

    /** The name in the file. */
    public String configName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The {@code authorization.opa} section, checked as {@link OpaConfig} checks it.
   *
   * @param enabled whether OPA is used; optional: {@code engine: opa} alone is enough, and {@code
   *     enabled: true} alone chooses OPA; when both are written they must agree
   * @param url OPA's base URL, {@code http} or {@code https}; required when enabled
   * @param timeout how long one decision request may take; default 2 seconds
   * @param connectTimeout how long connecting may take; default 1 second
   * @param cacheSize how many decisions are cached, 0 for none; default 10,000
   * @param cacheTtl how long a cached decision is reused; default 5 seconds
   */
  public record Opa(
      boolean enabled,
      Optional<URI> url,
      Duration timeout,
      Duration connectTimeout,
      int cacheSize,
      Duration cacheTtl) {
    /** Nothing may be null. */
    public Opa {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(timeout, "timeout");
      Objects.requireNonNull(connectTimeout, "connectTimeout");
      Objects.requireNonNull(cacheTtl, "cacheTtl");
    }
  }
}
