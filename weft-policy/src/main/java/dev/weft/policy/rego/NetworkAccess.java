package dev.weft.policy.rego;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which hosts the network built-ins ({@code http.send}, {@code net.lookup_ip_addr}) may reach. Off
 * by default ({@link #NONE}): a policy cannot make the engine talk to the network unless the
 * embedding application turns it on. {@link #hosts} is OPA's {@code allow_net} capability: only the
 * named hosts (names or IP addresses, without ports). Immutable and thread-safe.
 */
public final class NetworkAccess {

  /** The default timeout of one {@code http.send} request: 5 s, as OPA's. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  /** The default cap on an {@code http.send} response body: 4 MiB. */
  public static final long DEFAULT_MAX_RESPONSE_BYTES = 4L << 20;

  /** No network access at all: every host is refused. The default. */
  public static final NetworkAccess NONE =
      new NetworkAccess(false, Set.of(), DEFAULT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES);

  private final boolean all;
  private final Set<String> hosts;
  private final Duration timeout;
  private final long maxResponseBytes;

  private NetworkAccess(boolean all, Set<String> hosts, Duration timeout, long maxResponseBytes) {
    this.all = all;
    this.hosts = hosts;
    this.timeout = timeout;
    this.maxResponseBytes = maxResponseBytes;
  }

  /** Every host may be reached. */
  public static NetworkAccess allowAll() {
    return new NetworkAccess(true, Set.of(), DEFAULT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES);
  }

  /**
   * Only these hosts may be reached (OPA's {@code allow_net}); an empty list allows none.
   *
   * @throws IllegalArgumentException for a blank host or one with a port or a scheme
   */
  public static NetworkAccess hosts(List<String> allowed) {
    Objects.requireNonNull(allowed, "allowed");
    for (String h : allowed) {
      if (h == null
          || h.isBlank()
          || h.contains("/")
          || h.chars().filter(c -> c == ':').count() == 1) {
        throw new IllegalArgumentException(
            "allowed host: " + h + " (expected: a host name or IP address without port or scheme)");
      }
    }
    Set<String> normalized =
        allowed.stream()
            .map(h -> h.toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
    return new NetworkAccess(false, normalized, DEFAULT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES);
  }

  /** This access with another default request timeout (a request's {@code timeout} wins). */
  public NetworkAccess withTimeout(Duration newTimeout) {
    if (newTimeout == null || newTimeout.isNegative() || newTimeout.isZero()) {
      throw new IllegalArgumentException("timeout: " + newTimeout + " (expected: > 0)");
    }
    return new NetworkAccess(all, hosts, newTimeout, maxResponseBytes);
  }

  /** This access with another cap on response bodies. */
  public NetworkAccess withMaxResponseBytes(long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("max response bytes: " + bytes + " (expected: > 0)");
    }
    return new NetworkAccess(all, hosts, timeout, bytes);
  }

  /** Whether {@code host} (without port) may be reached. */
  public boolean allows(String host) {
    return all || hosts.contains(host.toLowerCase(Locale.ROOT));
  }

  /** The default request timeout. */
  public Duration timeout() {
    return timeout;
  }

  /** The largest response body {@code http.send} reads. */
  public long maxResponseBytes() {
    return maxResponseBytes;
  }

  /** Whether no host at all may be reached ({@link #NONE}, or an empty list of hosts). */
  public boolean isOff() {
    return !all && hosts.isEmpty();
  }

  @Override
  public String toString() {
    return all ? "NetworkAccess[all]" : "NetworkAccess" + hosts;
  }
}
