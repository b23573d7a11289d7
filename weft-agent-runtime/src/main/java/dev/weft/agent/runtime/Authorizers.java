package dev.weft.agent.runtime;

import dev.weft.agent.config.AuthorizationConfig;
import dev.weft.config.ConfigException;
import dev.weft.policy.AuthorizationRequest;
import dev.weft.policy.Authorizer;
import dev.weft.policy.Decision;
import dev.weft.policy.PolicyException;
import dev.weft.policy.RegoAuthorizer;
import dev.weft.policy.load.PolicyWatcher;
import dev.weft.policy.opa.OpaAuthorizer;
import java.time.Clock;

/**
 * The authorizer an agent's {@code authorization} section asks for. It only decides: the agent's
 * {@code DecisionPoint} audits.
 */
final class Authorizers {

  private Authorizers() {}

  /**
   * Embedded Rego over the configured policy paths (hot-reloaded), an external OPA, or, without a
   * policy, the default policy: deny all (the default) or allow all (development only).
   */
  static Authorizer create(AuthorizationConfig config, Clock clock) throws ConfigException {
    switch (config.engine()) {
      case OPA -> {
        return OpaAuthorizer.create(config.opaConfig().orElseThrow(), clock);
      }
      case REGO -> {
        if (!config.policyPaths().isEmpty()) {
          try {
            PolicyWatcher watcher =
                PolicyWatcher.builder(config.policyPaths()).version(config.regoVersion()).start();
            Authorizer rego =
                RegoAuthorizer.create(watcher, config.decisionPath(), clock, config.evalLimits());
            return new Authorizer() {
              @Override
              public Decision decide(AuthorizationRequest request) {
                return rego.decide(request);
              }

              @Override
              public void close() {
                rego.close();
                watcher.close();
              }
            };
          } catch (PolicyException e) {
            throw new ConfigException("authorization.policy_paths: " + e.getMessage(), e);
          }
        }
      }
    }
    return switch (config.defaultPolicy()) {
      case ALLOW_ALL -> Authorizer.allowAll("no policy configured (default_policy: allow_all)");
      case DENY_ALL -> Authorizer.denyAll("no policy configured (default_policy: deny_all)");
    };
  }
}
