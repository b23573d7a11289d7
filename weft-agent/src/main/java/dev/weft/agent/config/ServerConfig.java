package dev.weft.agent.config;

import dev.weft.agent.server.ServerLimits;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The {@code server} section: where the agent listens.
 *
 * <pre>{@code
 * server:
 *   host: "0.0.0.0"
 *   port: 8443
 *   mtls:
 *     enabled: true
 *     cert_source: "spire"
 *   advertise_address: "aws-agent.tailnet-name.ts.net:8443"
 *   metrics_port: 9090
 *   limits:                      # every key optional; these are the defaults
 *     max_request_bytes: 4MiB
 *     max_header_bytes: 16KiB
 *     max_json_depth: 64
 *     max_json_string: 1MiB
 *     max_connections: 1024
 *     max_concurrent_calls: 256
 *     handshake_timeout: 10s
 *     request_read_timeout: 10s
 *     idle_timeout: 60s
 * }</pre>
 *
 * @param host the address to bind; default {@code 0.0.0.0}
 * @param port the HTTPS port, 0..65535 (0: any free port); default 8443
 * @param mtls mutual TLS settings
 * @param advertiseAddress the address other agents reach this one at, written {@code host:port} or
 *     as an {@code https} URI and given here as {@code https://host:port}; default none
 * @param metricsPort a plain-HTTP port on 127.0.0.1 serving {@code /metrics}, {@code /healthz} and
 *     {@code /readyz}, 0..65535; default none (off)
 * @param limits {@code server.limits}: what the server accepts from callers (see {@link
 *     ServerLimits} for each key's meaning); default {@link ServerLimits#defaults()}
 */
public record ServerConfig(
    String host,
    int port,
    Mtls mtls,
    Optional<URI> advertiseAddress,
    OptionalInt metricsPort,
    ServerLimits limits) {

  /** Nothing may be null. */
  public ServerConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(mtls, "mtls");
    Objects.requireNonNull(advertiseAddress, "advertiseAddress");
    Objects.requireNonNull(metricsPort, "metricsPort");
    Objects.requireNonNull(limits, "limits");
  }

  /**
   * The {@code server.mtls} section.
   *
   * @param enabled whether callers must present an X.509-SVID: always true ({@code false} is
   *     refused, naming the key: an agent cannot serve without mutual TLS)
   * @param certSource where the agent's own certificate comes from; default {@link
   *     CertSource#SPIRE}
   */
  public record Mtls(boolean enabled, CertSource certSource) {
    /** {@code certSource} may not be null. */
    public Mtls {
      Objects.requireNonNull(certSource, "certSource");
    }
  }

  /** Where the server's certificate comes from; both mean the SPIFFE Workload API. */
  public enum CertSource {
    /** {@code spire}: the Workload API of a SPIRE agent (or Weft's node agent). */
    SPIRE,
    /** {@code workload_api}: any SPIFFE Workload API. */
    WORKLOAD_API;

    /** The name in the file. */
    public String configName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
