package dev.weft.agent.config;

import dev.weft.agent.config.AuthorizationConfig.DefaultPolicy;
import dev.weft.agent.config.AuthorizationConfig.Engine;
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
  private static final String OPA_URL = "an http or https URL without user info, query or"
      + " fragment, like http://opa.opa.svc.cluster.local:8181";

  private Authorization() {}

  static AuthorizationConfig read(Section s, Path directory) throws ConfigException {
    s.allow("engine", "default_policy", "policy_paths", "decision_path", "v0_compatible",
        "audit_log", "opa", "eval_timeout", "eval_max_steps");
    // Without engine, seed 001's shape (opa.enabled: true) chooses OPA.
    Optional<Boolean> opaEnabled = s.sectionOrEmpty("opa").bool("enabled");
    Engine engine = s.choice("engine", Engine.values(), Engine::configName)
        .orElse(opaEnabled.orElse(false) ? Engine.OPA : Engine.REGO);
    DefaultPolicy defaultPolicy = s.choice("default_policy", DefaultPolicy.values(),
        DefaultPolicy::configName).orElse(DefaultPolicy.DENY_ALL);
    List<Path> policyPaths = s.list("policy_paths", "a list of policy files or directories",
        new Section.ItemReader<Path>() {
          @Override
          public String expected() {
            return PATH;
          }

          @Override
          public Path read(String where, Tree.Scalar item) throws ConfigException {
            Path p;
            try {
              p = directory.resolve(item.text()).normalize();
            } catch (java.nio.file.InvalidPathException e) {
              throw new ConfigException(where + ": " + item.render() + " (expected: " + PATH
                  + ")", e);
            }
            if (!Files.exists(p)) {
              throw new ConfigException(where + ": " + item.render() + " (expected: " + PATH
                  + "; " + p + " does not exist)");
            }
            return p;
          }
        }).orElse(List.of());
    DecisionPath decisionPath = ConfigReader.decisionPath(s, "decision_path",
        AuthorizationConfig.DEFAULT_DECISION_PATH);
    boolean v0 = s.bool("v0_compatible").orElse(false);
    Optional<Path> auditLog = Optional.empty();
    Optional<String> audit = s.string("audit_log", "a file for the decision log");
    if (audit.isPresent()) {
      auditLog = Optional.of(ConfigReader.resolve(s, "audit_log", audit.get(), directory,
          "a file for the decision log"));
    }
    AuthorizationConfig.Opa opa = opa(s.sectionOrEmpty("opa"), engine);
    if (engine == Engine.OPA && opa.url().isEmpty()) {
      throw s.sectionOrEmpty("opa").missing("url", OPA_URL + " (authorization.engine is opa)");
    }
    EvalLimits limits = EvalLimits.DECISION;
    Optional<Duration> evalTimeout = s.duration("eval_timeout");
    if (evalTimeout.isPresent()) {
      if (evalTimeout.get().compareTo(EvalLimits.MAX_TIMEOUT) > 0) {
        throw s.error("eval_timeout", "a duration such as 250ms or 1s, > 0 and at most "
            + EvalLimits.MAX_TIMEOUT.toDays() + " days");
      }
      limits = limits.withTimeout(evalTimeout.get());
    }
    Optional<Integer> maxSteps = s.integer("eval_max_steps", 1, Integer.MAX_VALUE);
    if (maxSteps.isPresent()) {
      limits = limits.withMaxSteps(maxSteps.get());
    }
    AuthorizationConfig config = new AuthorizationConfig(engine, defaultPolicy, policyPaths,
        decisionPath, v0, auditLog, opa, limits);
    try {
      config.opaConfig();
    } catch (IllegalArgumentException e) {
      throw s.problem("opa", e.getMessage(), e);
    }
    return config;
  }

  private static AuthorizationConfig.Opa opa(Section s, Engine engine) throws ConfigException {
    s.allow("enabled", "url", "timeout", "connect_timeout", "cache_size", "cache_ttl");
    Optional<Boolean> enabled = s.bool("enabled");
    if (enabled.isPresent() && enabled.get() != (engine == Engine.OPA)) {
      throw s.error("enabled", engine == Engine.OPA
          ? "true when authorization.engine is opa"
          : "false unless authorization.engine is opa");
    }
    Optional<URI> url = Optional.empty();
    Optional<String> text = s.string("url", OPA_URL);
    if (text.isPresent()) {
      URI uri = Uris.parse(text.get());
      if (!Uris.http(uri)) {
        if (text.get().contains("@")) {
          throw s.problem("url", "(with user info, not shown) (expected: " + OPA_URL + ")",
              null);
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
