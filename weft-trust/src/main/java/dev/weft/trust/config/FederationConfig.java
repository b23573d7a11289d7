package dev.weft.trust.config;

import dev.weft.config.Problem;
import dev.weft.trust.federation.BundleEndpointProfile;
import dev.weft.trust.federation.FederationRelationship;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code server.federation} block: this server's SPIFFE bundle endpoint and the federation
 * relationships declared in the file (shaped like SPIRE's {@code federation} block).
 *
 * @param bundleEndpoint {@code bundle_endpoint}: serve this domain's bundle; none by default
 * @param federatesWith {@code federates_with}: relationships, one per trust domain, re-applied at
 *     every start (relationships created with the CLI are kept alongside)
 * @param refreshFloor {@code refresh_floor}: the shortest wait between two fetches of the same
 *     bundle, whatever its {@code spiffe_refresh_hint} says; default 60s
 */
public record FederationConfig(
    Optional<BundleEndpoint> bundleEndpoint,
    List<FederationRelationship> federatesWith,
    Duration refreshFloor) {

  public static final Duration DEFAULT_REFRESH_FLOOR = Duration.ofSeconds(60);
  public static final int DEFAULT_BUNDLE_ENDPOINT_PORT = 8443;

  public FederationConfig {
    Objects.requireNonNull(bundleEndpoint, "bundleEndpoint");
    federatesWith = List.copyOf(federatesWith);
    Objects.requireNonNull(refreshFloor, "refreshFloor");
    List<Problem> problems = new ArrayList<>();
    Rules.positive(problems, "server.federation.refresh_floor", refreshFloor);
    Set<Object> seen = new HashSet<>();
    for (FederationRelationship r : federatesWith) {
      if (!seen.add(r.trustDomain())) {
        problems.add(
            new Problem(
                "server.federation.federates_with",
                r.trustDomain().name(),
                "each trust domain once"));
      }
    }
    Problem.throwIfAny(problems);
  }

  /** No bundle endpoint, no relationships, the default floor. */
  public static FederationConfig none() {
    return new FederationConfig(Optional.empty(), List.of(), DEFAULT_REFRESH_FLOOR);
  }

  public FederationConfig withBundleEndpoint(BundleEndpoint endpoint) {
    return new FederationConfig(Optional.of(endpoint), federatesWith, refreshFloor);
  }

  public FederationConfig withRefreshFloor(Duration floor) {
    return new FederationConfig(bundleEndpoint, federatesWith, floor);
  }

  public FederationConfig withFederatesWith(List<FederationRelationship> relationships) {
    return new FederationConfig(bundleEndpoint, relationships, refreshFloor);
  }

  /**
   * The {@code bundle_endpoint} block: where this server serves its bundle and how it
   * authenticates.
   *
   * @param address {@code address}: default {@code 0.0.0.0}
   * @param port {@code port}: default 8443; 0 picks a free port
   * @param profile {@code profile}: {@code https_spiffe} (default: the server's own SVID) or {@code
   *     https_web} (an operator-supplied Web PKI certificate)
   * @param certFile https_web: {@code web_certificate.cert_file_path}, the PEM certificate chain
   * @param keyFile https_web: {@code web_certificate.key_file_path}, its PKCS#8 PEM key
   */
  public record BundleEndpoint(
      String address,
      int port,
      BundleEndpointProfile profile,
      Optional<Path> certFile,
      Optional<Path> keyFile) {
    public BundleEndpoint {
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(profile, "profile");
      Objects.requireNonNull(certFile, "certFile");
      Objects.requireNonNull(keyFile, "keyFile");
      Problem.throwIfAny(problems(address, port, profile, certFile, keyFile));
    }

    static List<Problem> problems(
        String address,
        int port,
        BundleEndpointProfile profile,
        Optional<Path> certFile,
        Optional<Path> keyFile) {
      List<Problem> problems = new ArrayList<>();
      String key = "server.federation.bundle_endpoint";
      Rules.host(problems, key + ".address", address);
      Rules.port(problems, key + ".port", port, 0);
      if (profile == BundleEndpointProfile.HTTPS_WEB && (certFile.isEmpty() || keyFile.isEmpty())) {
        problems.add(
            new Problem(
                key + ".web_certificate",
                Problem.MISSING,
                "cert_file_path and key_file_path for the https_web profile"));
      }
      if (profile == BundleEndpointProfile.HTTPS_SPIFFE
          && (certFile.isPresent() || keyFile.isPresent())) {
        problems.add(
            new Problem(
                key + ".web_certificate",
                "given",
                "none for the https_spiffe profile, which presents the server's own SVID"));
      }
      return problems;
    }

    /** An https_spiffe endpoint on {@code address:port}. */
    public static BundleEndpoint spiffe(String address, int port) {
      return new BundleEndpoint(
          address, port, BundleEndpointProfile.HTTPS_SPIFFE, Optional.empty(), Optional.empty());
    }

    /** An https_web endpoint on {@code address:port} with the given certificate and key files. */
    public static BundleEndpoint web(String address, int port, Path certFile, Path keyFile) {
      return new BundleEndpoint(
          address,
          port,
          BundleEndpointProfile.HTTPS_WEB,
          Optional.of(certFile),
          Optional.of(keyFile));
    }
  }
}
