package dev.weft.policy.opa;

import dev.weft.policy.AuthorizationRequest;
import dev.weft.policy.Authorizer;
import dev.weft.policy.Decision;
import dev.weft.policy.DecisionPath;
import dev.weft.policy.rego.value.Json;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * An {@link Authorizer} asking an external OPA through its Data API: {@code POST
 * {url}/v1/data/{policyPath}} with body {@code {"input": <the request's input>}}, then reading the
 * answer's {@code result} as {@link Decision#fromResult} does ({@code {"result": true}}, {@code
 * {"result": {"allow": true, ...}}}; no {@code result}: undefined, deny).
 *
 * <p>Fails closed: a connection refused, a connect or request timeout, an answer other than HTTP
 * 200, a body that is not a JSON object, or one over 1 MiB each deny with a reason naming the
 * server and what went wrong (OPA's error {@code code} and {@code message}, cut short, but never
 * the body otherwise, nor the bearer token).
 *
 * <p>Answers are cached (see {@link OpaConfig}) by decision path and the input's canonical JSON;
 * failures are never cached. A decision from the cache carries the metric {@code
 * counter_decision_cache_hit}. It writes no audit: a {@code DecisionPoint} records its decisions.
 * The policy revision is unknown here: decisions carry an empty revision.
 */
public final class OpaAuthorizer implements Authorizer {

  private final DecisionPath path;
  private final OpaExchange exchange;
  private final DecisionCache cache;
  private volatile boolean closed;

  private OpaAuthorizer(OpaConfig config, Clock clock) {
    this.path = config.policyPath();
    this.cache = new DecisionCache(config.cacheMaxEntries(), config.cacheTtl(), clock);
    this.exchange = new OpaExchange(config);
  }

  /**
   * An authorizer for the OPA {@code config} names.
   *
   * @param clock the clock of cache expiry
   */
  public static OpaAuthorizer create(OpaConfig config, Clock clock) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(clock, "clock");
    return new OpaAuthorizer(config, clock);
  }

  @Override
  public Decision decide(AuthorizationRequest request) {
    Objects.requireNonNull(request, "request");
    long start = System.nanoTime();
    String id = UUID.randomUUID().toString();
    if (closed) {
      return Decision.deny("denied: the authorizer is closed", "", since(start), id);
    }
    String input = Json.write(request.input());
    String key = path.slashPath() + '\n' + input;
    DecisionCache.Cached cached = cache.get(key);
    if (cached != null) {
      return Decision.fromResult(path, cached.result(), "", since(start), id)
          .withMetrics(Map.of("counter_decision_cache_hit", 1L));
    }
    OpaExchange.Outcome outcome = exchange.post(input);
    if (outcome.error() != null) {
      return Decision.deny(outcome.error(), "", since(start), id);
    }
    cache.put(key, outcome.result());
    return Decision.fromResult(path, outcome.result(), "", since(start), id);
  }

  /** Stops the HTTP client (aborting requests under way); later decisions deny. */
  @Override
  public void close() {
    closed = true;
    exchange.close();
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
