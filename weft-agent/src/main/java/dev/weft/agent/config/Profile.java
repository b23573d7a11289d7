package dev.weft.agent.config;

import java.util.Locale;

/**
 * How strict the configuration is ({@code profile:} at the top of the file; default {@code
 * development}).
 */
public enum Profile {
  /** Any valid configuration is accepted. */
  DEVELOPMENT,
  /**
   * Refuses {@code authorization.default_policy: allow_all}, {@code server.mtls.enabled: false} and
   * an empty or missing {@code identity.allowed_trust_domains}.
   */
  PRODUCTION;

  /** The name in the file: {@code development} or {@code production}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
