package dev.weft.policy.opa;

import dev.weft.policy.DecisionPath;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach an external OPA: the {@code authorization.opa} section of an agent's configuration.
 *
 * <pre>{@code
 * authorization:
 *   engine: "opa"
 *   policy_path: "agentweave/authz/federated"
 *   opa:
 *     url: "http://opa.opa.svc.cluster.local:8181"
 *     connect_timeout: 1s
 *     request_timeout: 2s
 *     cache_max_entries: 10000
 *     cache_ttl: 5s
 * }</pre>
 *
 * Build with {@link #builder(String, String)}; every other option has a default.
 *
 * @param url the OPA server's base URL, {@code http} or {@code https}, without user info, query or
 *     fragment; decisions are {@code POST}ed to {@code {url}/v1/data/{policyPath}}
 * @param policyPath the decision path, e.g. {@code agentweave/authz/federated}
 * @param connectTimeout how long connecting may take; default 1 second
 * @param requestTimeout how long one decision request may take from sending to the last byte of the
 *     answer; default 2 seconds
 * @param cacheMaxEntries how many decisions the cache keeps (least recently used are dropped
 *     first); 0 turns the cache off; default 10,000
 * @param cacheTtl how long a cached decision is reused; default 5 seconds
 * @param bearerToken sent as {@code Authorization: Bearer <token>} when not null (OPA's {@code
 *     --authentication=token}); default none. Never logged nor shown by {@link #toString()}
 */
public record OpaConfig(
    URI url,
    DecisionPath policyPath,
    Duration connectTimeout,
    Duration requestTimeout,
    int cacheMaxEntries,
    Duration cacheTtl,
    String bearerToken) {

  /** Validates the configuration; messages never show the bearer token. */
  public OpaConfig {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(policyPath, "policyPath");
    String scheme = url.getScheme();
    if (!url.isAbsolute()
        || !("http".equals(scheme) || "https".equals(scheme))
        || url.getHost() == null
        || url.getRawQuery() != null
        || url.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "url: "
              + (url.getRawUserInfo() == null ? url : "(with user info, not shown)")
              + " (expected: an http or https URL without query or fragment, like"
              + " http://opa.opa.svc.cluster.local:8181)");
    }
    if (url.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "url: has user info (expected: none; set bearerToken to authenticate)");
    }
    positive("connectTimeout", connectTimeout);
    positive("requestTimeout", requestTimeout);
    if (cacheMaxEntries < 0) {
      throw new IllegalArgumentException(
          "cacheMaxEntries: " + cacheMaxEntries + " (expected: >= 0)");
    }
    positive("cacheTtl", cacheTtl);
    if (bearerToken != null
        && (bearerToken.isEmpty() || !bearerToken.chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
      throw new IllegalArgumentException(
          "bearerToken: (not shown) (expected: non-empty, visible ASCII without spaces)");
    }
  }

  /**
   * A builder with the given server and decision path, and defaults for the rest.
   *
   * @throws IllegalArgumentException if {@code url} is not a URI or {@code policyPath} not a
   *     decision path
   */
  public static Builder builder(String url, String policyPath) {
    return new Builder(uri(url), DecisionPath.parse(policyPath));
  }

  /** The server's base URL without a trailing slash, as shown in reasons. */
  String baseUrl() {
    String s = url.toString();
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  /** The configuration with the bearer token hidden. */
  @Override
  public String toString() {
    return "OpaConfig[url="
        + url
        + ", policyPath="
        + policyPath
        + ", connectTimeout="
        + connectTimeout
        + ", requestTimeout="
        + requestTimeout
        + ", cacheMaxEntries="
        + cacheMaxEntries
        + ", cacheTtl="
        + cacheTtl
        + ", bearerToken="
        + (bearerToken == null ? "none" : "(set, not shown)")
        + "]";
  }

  private static URI uri(String url) {
    Objects.requireNonNull(url, "url");
    try {
      return new URI(url);
    } catch (java.net.URISyntaxException e) {
      // Not chained: the cause's message repeats the URL, which may hold credentials.
      throw new IllegalArgumentException(
          "url: not a URI (expected: an http or https URL, like"
              + " http://opa.opa.svc.cluster.local:8181)");
    }
  }

  private static void positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
    }
  }

  /** Builds an {@link OpaConfig}; values are checked by {@link #build()}. */
  public static final class Builder {
    private final URI url;
    private final DecisionPath policyPath;
    private Duration connectTimeout = Duration.ofSeconds(1);
    private Duration requestTimeout = Duration.ofSeconds(2);
    private int cacheMaxEntries = 10_000;
    private Duration cacheTtl = Duration.ofSeconds(5);
    private String bearerToken;

    private Builder(URI url, DecisionPath policyPath) {
      this.url = url;
      this.policyPath = policyPath;
    }

    /** How long connecting may take; default 1 second. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    /** How long one decision request may take; default 2 seconds. */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = timeout;
      return this;
    }

    /** How many decisions the cache keeps; 0 turns it off; default 10,000. */
    public Builder cacheMaxEntries(int entries) {
      this.cacheMaxEntries = entries;
      return this;
    }

    /** How long a cached decision is reused; default 5 seconds. */
    public Builder cacheTtl(Duration ttl) {
      this.cacheTtl = ttl;
      return this;
    }

    /** The bearer token for OPA's token authentication; default none. */
    public Builder bearerToken(String token) {
      this.bearerToken = token;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the first bad option, e.g. {@code requestTimeout:
     *     PT0S (expected: > 0)}
     */
    public OpaConfig build() {
      return new OpaConfig(
          url, policyPath, connectTimeout, requestTimeout, cacheMaxEntries, cacheTtl, bearerToken);
    }
  }
}
