package dev.weft.agent.config;

import dev.weft.agent.config.AuthorizationConfig.DefaultPolicy;
import dev.weft.agent.config.AuthorizationConfig.Engine;
import dev.weft.config.ConfigException;
import dev.weft.config.Problem;
import dev.weft.config.Section;
import dev.weft.policy.DecisionPath;
import dev.weft.policy.rego.EvalLimits;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Reads the {@code authorization} section. */
final class Authorization {
  private static final String PATH = "an existing policy file or directory";
  private static final String OPA_URL =
      "an http or https URL without user info, query or"
          + " fragment, like http://opa.opa.svc.cluster.local:8181";

  private static final String DECISION_PATH =
      "names of letters, digits, _ or - separated by /," + " like agentweave/authz/federated/allow";

  private Authorization() {}

  /** An existing policy file or directory, relative to {@code directory}. */
  private static Path policyPath(String text, Path directory) {
    Path p = directory.resolve(text).normalize();
    if (!Files.exists(p)) {
      throw new IllegalArgumentException(
          "policy path: "
              + Problem.show(text)
              + " (expected: "
              + PATH
              + "; "
              + p
              + " does not exist)");
    }
    return p;
  }

  static AuthorizationConfig read(Section s, Path directory) throws ConfigException {
    s.allow(
        "engine",
        "default_policy",
        "policy_paths",
        "decision_path",
        "v0_compatible",
        "audit_log",
        "opa",
        "eval_timeout",
        "eval_max_steps");
    // Without engine, seed 001's shape (opa.enabled: true) chooses OPA.
    Optional<Boolean> opaEnabled = s.sectionOrEmpty("opa").bool("enabled");
    Engine engine =
        s.choice("engine", Engine.values(), Engine::configName)
            .orElse(opaEnabled.orElse(false) ? Engine.OPA : Engine.REGO);
    DefaultPolicy defaultPolicy =
        s.choice("default_policy", DefaultPolicy.values(), DefaultPolicy::configName)
            .orElse(DefaultPolicy.DENY_ALL);
    List<Path> policyPaths =
        s.list(
                "policy_paths",
                "a list of policy files or directories",
                PATH,
                text -> policyPath(text, directory))
            .orElse(List.of());
    DecisionPath decisionPath =
        s.value("decision_path", DECISION_PATH, DecisionPath::parse)
            .orElse(DecisionPath.parse(AuthorizationConfig.DEFAULT_DECISION_PATH));
    boolean v0 = s.bool("v0_compatible").orElse(false);
    Optional<Path> auditLog = s.path("audit_log", "a file for the decision log");
    AuthorizationConfig.Opa opa = opa(s.sectionOrEmpty("opa"), engine);
    if (engine == Engine.OPA && opa.url().isEmpty()) {
      throw s.sectionOrEmpty("opa").missing("url", OPA_URL + " (authorization.engine is opa)");
    }
    EvalLimits limits = EvalLimits.DECISION;
    Optional<Duration> evalTimeout = s.duration("eval_timeout", EvalLimits.MAX_TIMEOUT);
    if (evalTimeout.isPresent()) {
      limits = limits.withTimeout(evalTimeout.get());
    }
    Optional<Integer> maxSteps = s.integer("eval_max_steps", 1, Integer.MAX_VALUE);
    if (maxSteps.isPresent()) {
      limits = limits.withMaxSteps(maxSteps.get());
    }
    AuthorizationConfig config =
        new AuthorizationConfig(
            engine, defaultPolicy, policyPaths, decisionPath, v0, auditLog, opa, limits);
    try {
      config.opaConfig();
    } catch (IllegalArgumentException e) {
      ConfigException error =
          s.sectionOrEmpty("opa")
              .sectionError(
                  "refused by the OPA client",
                  Problem.expectedIn(e.getMessage()).orElse("settings the OPA client takes"));
      error.initCause(e);
      throw error;
    }
    return config;
  }

  private static AuthorizationConfig.Opa opa(Section s, Engine engine) throws ConfigException {
    s.allow("enabled", "url", "timeout", "connect_timeout", "cache_size", "cache_ttl");
    Optional<Boolean> enabled = s.bool("enabled");
    if (enabled.isPresent() && enabled.get() != (engine == Engine.OPA)) {
      throw s.error(
          "enabled",
          engine == Engine.OPA
              ? "true when authorization.engine is opa"
              : "false unless authorization.engine is opa");
    }
    Optional<URI> url = Optional.empty();
    Optional<String> text = s.string("url", OPA_URL);
    if (text.isPresent()) {
      URI uri = Uris.parse(text.get());
      if (!Uris.http(uri)) {
        if (text.get().contains("@")) {
          throw s.error("url", "(with user info, not shown)", OPA_URL);
        }
        throw s.error("url", OPA_URL);
      }
      url = Optional.of(uri);
    }
    return new AuthorizationConfig.Opa(
        engine == Engine.OPA,
        url,
        s.duration("timeout").orElse(Duration.ofSeconds(2)),
        s.duration("connect_timeout").orElse(Duration.ofSeconds(1)),
        s.integer("cache_size", 0, Integer.MAX_VALUE).orElse(10_000),
        s.duration("cache_ttl").orElse(Duration.ofSeconds(5)));
  }
}
