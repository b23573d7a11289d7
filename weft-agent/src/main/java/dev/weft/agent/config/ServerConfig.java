package dev.weft.agent.config;

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
 * }</pre>
 *
 * @param host the address to bind; default {@code 0.0.0.0}
 * @param port the HTTPS port, 0..65535 (0: any free port); default 8443
 * @param mtls mutual TLS settings
 * @param advertiseAddress the address other agents reach this one at, written {@code host:port}
 *     or as an {@code https} URI and given here as {@code https://host:port}; default none
 * @param metricsPort a plain-HTTP port on 127.0.0.1 serving {@code /metrics}, {@code /healthz}
 *     and {@code /readyz}, 0..65535; default none (off)
 */
public record ServerConfig(
    String host, int port, Mtls mtls, Optional<URI> advertiseAddress, OptionalInt metricsPort) {

  /** Nothing may be null. */
  public ServerConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(mtls, "mtls");
    Objects.requireNonNull(advertiseAddress, "advertiseAddress");
    Objects.requireNonNull(metricsPort, "metricsPort");
  }

  /**
   * The {@code server.mtls} section.
   *
   * @param enabled whether callers must present an X.509-SVID; default true. Must be true in the
   *     {@link Profile#PRODUCTION production} profile
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
