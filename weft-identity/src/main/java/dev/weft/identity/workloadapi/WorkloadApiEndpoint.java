package dev.weft.identity.workloadapi;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The address of a Workload API endpoint: a unix domain socket, written as the SPIFFE Workload
 * Endpoint standard writes {@code SPIFFE_ENDPOINT_SOCKET}: {@code unix:///run/spire/agent.sock} or
 * {@code unix:/run/spire/agent.sock}. Immutable.
 *
 * <p>The path must be absolute and at most {@value #MAX_PATH_BYTES} bytes (the limit of a unix
 * socket address); the address must have no authority, user info, query or fragment. The standard's
 * {@code tcp://} form is rejected: Weft reaches the agent only over a unix socket, where the agent
 * can attest the caller by its process credentials.
 */
public final class WorkloadApiEndpoint {
  /** The environment variable that names the endpoint, as the SPIFFE standard defines it. */
  public static final String ENV_VARIABLE = "SPIFFE_ENDPOINT_SOCKET";

  /** The longest socket path a unix domain socket address can hold, in bytes. */
  public static final int MAX_PATH_BYTES = 107;

  private static final String EXPECTED = "expected: unix:///absolute/path/to/agent.sock";

  private final Path socketPath;

  private WorkloadApiEndpoint(Path socketPath) {
    this.socketPath = socketPath;
  }

  /**
   * Parses an endpoint address such as {@code unix:///run/spire/agent.sock}.
   *
   * @throws IllegalArgumentException naming what is wrong, for example {@code Workload API address:
   *     "tcp://127.0.0.1:8081" (expected: unix:///absolute/path/to/agent.sock; tcp is not
   *     supported: the agent must see the caller over a unix socket)}
   */
  public static WorkloadApiEndpoint parse(String address) {
    Objects.requireNonNull(address, "address");
    if (address.isBlank()) {
      throw invalid(address, "");
    }
    URI uri;
    try {
      uri = new URI(address);
    } catch (URISyntaxException e) {
      throw invalid(address, "; not a URI: " + e.getReason());
    }
    String scheme = uri.getScheme();
    if (scheme == null) {
      String hint = address.startsWith("/") ? "; write unix://" + address : "";
      throw invalid(address, hint);
    }
    if (scheme.equals("tcp")) {
      throw invalid(
          address, "; tcp is not supported: the agent must see the caller over a unix socket");
    }
    if (!scheme.equals("unix")) {
      throw invalid(address, "; scheme " + scheme + " is not supported");
    }
    if (uri.isOpaque()) {
      throw invalid(address, "; the path must be absolute");
    }
    if (uri.getRawAuthority() != null) {
      throw invalid(
          address,
          "; \""
              + uri.getRawAuthority()
              + "\" is read as an authority, not a path:"
              + " a path must be absolute, as in unix:///path");
    }
    if (uri.getRawQuery() != null) {
      throw invalid(address, "; no query allowed");
    }
    if (uri.getRawFragment() != null) {
      throw invalid(address, "; no fragment allowed");
    }
    String path = uri.getPath();
    if (path == null || path.isEmpty() || path.equals("/")) {
      throw invalid(address, "; the socket path is missing");
    }
    int bytes = path.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_PATH_BYTES) {
      throw invalid(
          address,
          "; the socket path is " + bytes + " bytes, a unix socket allows " + MAX_PATH_BYTES);
    }
    return new WorkloadApiEndpoint(Path.of(path));
  }

  /**
   * The endpoint named by the environment variable {@value #ENV_VARIABLE}.
   *
   * @throws IllegalStateException if the variable is not set
   * @throws IllegalArgumentException if its value is not a valid address (the message starts with
   *     the variable's name)
   */
  public static WorkloadApiEndpoint fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /** {@link #fromEnvironment()} reading {@code env} instead of the process environment. */
  static WorkloadApiEndpoint fromEnvironment(Map<String, String> env) {
    String value = env.get(ENV_VARIABLE);
    if (value == null || value.isEmpty()) {
      throw new IllegalStateException(
          ENV_VARIABLE + ": not set (" + EXPECTED + "; or pass the address explicitly)");
    }
    try {
      return parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(ENV_VARIABLE + ": " + e.getMessage(), e);
    }
  }

  /**
   * The endpoint of the socket at {@code socketPath}.
   *
   * @throws IllegalArgumentException if the path is relative or too long
   */
  public static WorkloadApiEndpoint ofSocket(Path socketPath) {
    if (!socketPath.isAbsolute()) {
      throw new IllegalArgumentException(
          "socketPath: " + socketPath + " (expected: an absolute path)");
    }
    int bytes = socketPath.toString().getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_PATH_BYTES) {
      throw new IllegalArgumentException(
          "socketPath: "
              + socketPath
              + " (expected: at most "
              + MAX_PATH_BYTES
              + " bytes, is "
              + bytes
              + ")");
    }
    return new WorkloadApiEndpoint(socketPath.normalize());
  }

  /** The absolute path of the unix socket. */
  public Path socketPath() {
    return socketPath;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WorkloadApiEndpoint other && socketPath.equals(other.socketPath);
  }

  @Override
  public int hashCode() {
    return socketPath.hashCode();
  }

  /** The address in its canonical form, {@code unix:///path}. */
  @Override
  public String toString() {
    return "unix://" + socketPath;
  }

  private static IllegalArgumentException invalid(String address, String detail) {
    return new IllegalArgumentException(
        "Workload API address: \"" + address + "\" (" + EXPECTED + detail + ")");
  }
}
