package dev.weft.trust.config;

import dev.weft.config.Problem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/** Checks shared by the config types; each adds a {@link Problem} when a value breaks it. */
final class Rules {
  /** The longest unix socket path Linux accepts, in bytes. */
  static final int MAX_SOCKET_PATH_BYTES = 107;

  private static final Pattern IPV4 =
      Pattern.compile(
          "((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
  private static final Pattern LABEL =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

  private Rules() {}

  static void required(List<Problem> problems, String key, Object value, String expected) {
    if (value == null) {
      problems.add(Problem.missing(key, expected));
    }
  }

  static void port(List<Problem> problems, String key, int port, int min) {
    if (port < min || port > 65535) {
      problems.add(
          new Problem(key, Integer.toString(port), "an integer from " + min + " to 65535"));
    }
  }

  static void host(List<Problem> problems, String key, String host) {
    if (host != null && !isHost(host)) {
      problems.add(
          new Problem(key, Problem.show(host), "an IP address or host name such as 127.0.0.1"));
    }
  }

  static void positive(List<Problem> problems, String key, Duration d) {
    if (d.isNegative() || d.isZero()) {
      problems.add(new Problem(key, Problem.show(d), "> 0"));
    }
  }

  static void socketPath(List<Problem> problems, String key, Path path, String relatedKey) {
    if (path == null) {
      return;
    }
    int bytes = path.toString().getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_SOCKET_PATH_BYTES) {
      problems.add(
          new Problem(
              key,
              Problem.show(path),
              "a unix socket path of at most " + MAX_SOCKET_PATH_BYTES + " bytes, not " + bytes,
              java.util.Optional.ofNullable(relatedKey)));
    }
  }

  /** An IPv4 or IPv6 literal or an RFC 1123 host name. */
  static boolean isHost(String host) {
    if (IPV4.matcher(host).matches() || IPV6.matcher(host).matches()) {
      return true;
    }
    if (host.isEmpty() || host.length() > 253) {
      return false;
    }
    for (String label : host.split("\\.", -1)) {
      if (!LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return true;
  }
}
