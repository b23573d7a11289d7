package dev.weft.fabric.admin;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Reads a node's loopback admin endpoint: what {@code weft fabric node|route|connection list} show.
 * Plain HTTP on loopback; the endpoint is reachable only from the node's own host.
 */
public final class AdminClient {

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final URI base;
  private final HttpClient http;
  private final Duration timeout;

  private AdminClient(URI base, Duration timeout) {
    this.base = base;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /**
   * A client of the admin endpoint at {@code hostPort}.
   *
   * @throws IllegalArgumentException in the form {@code admin: "x" (expected: host:port)}
   */
  public static AdminClient of(String hostPort, Duration timeout) {
    var address = dev.weft.fabric.internal.HostPorts.parse("admin", hostPort);
    return new AdminClient(
        URI.create("http://" + dev.weft.fabric.internal.HostPorts.format(address)),
        Objects.requireNonNull(timeout, "timeout"));
  }

  /** {@code GET /v1/node}. */
  public NodeInfo node() throws IOException {
    return get("/v1/node", new TypeReference<NodeInfo>() {});
  }

  /** {@code GET /v1/nodes}: this node first, then the nodes linked to it. */
  public List<NodeInfo> nodes() throws IOException {
    return get("/v1/nodes", new TypeReference<List<NodeInfo>>() {});
  }

  /** {@code GET /v1/routes}. */
  public List<RouteInfo> routes() throws IOException {
    return get("/v1/routes", new TypeReference<List<RouteInfo>>() {});
  }

  /** {@code GET /v1/connections}. */
  public List<ConnectionInfo> connections() throws IOException {
    return get("/v1/connections", new TypeReference<List<ConnectionInfo>>() {});
  }

  /** {@code GET /metrics}: the Prometheus text. */
  public String metrics() throws IOException {
    return fetch("/metrics");
  }

  private <T> T get(String path, TypeReference<T> type) throws IOException {
    return JSON.readValue(fetch(path), type);
  }

  private String fetch(String path) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).GET().build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("admin " + base + path + ": interrupted", e);
    }
    if (response.statusCode() != 200) {
      throw new IOException("admin " + base + path + ": HTTP " + response.statusCode());
    }
    return response.body();
  }
}
