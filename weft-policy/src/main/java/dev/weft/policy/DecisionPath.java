package dev.weft.policy;

import dev.weft.identity.text.Quotes;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which document of {@code data} a decision reads, written as OPA's REST API writes it: a slash
 * path such as {@code agentweave/authz/federated} (a package, whose {@code allow} is read from the
 * package's object) or {@code agentweave/authz/federated/allow} (one rule). The Rego form {@code
 * data.agentweave.authz.federated.allow} is accepted too.
 *
 * <p>Segments are letters, digits, {@code _} and {@code -}. The same path is queried by the
 * embedded engine ({@link #ref()}) and by an external OPA ({@code POST /v1/data/} + {@link
 * #slashPath()}), so both give the same result for the same policy.
 */
public final class DecisionPath {

  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-]+");
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Set<String> KEYWORDS =
      Set.of(
          "as",
          "contains",
          "default",
          "else",
          "every",
          "false",
          "if",
          "import",
          "in",
          "not",
          "null",
          "package",
          "some",
          "true",
          "with");

  private final List<String> segments;

  private DecisionPath(List<String> segments) {
    this.segments = segments;
  }

  /**
   * Parses a decision path: {@code a/b/c}, {@code /a/b/c} or {@code data.a.b.c}.
   *
   * @throws IllegalArgumentException for an empty path, an empty segment or a character outside
   *     letters, digits, {@code _} and {@code -}, e.g. {@code path: "a//b" (expected: names of
   *     letters, digits, _ or - separated by /, like agentweave/authz/federated)}
   */
  public static DecisionPath parse(String path) {
    Objects.requireNonNull(path, "path");
    String body;
    String separator;
    if (path.startsWith("data.")) {
      body = path.substring("data.".length());
      separator = "\\.";
    } else {
      body = path.startsWith("/") ? path.substring(1) : path;
      separator = "/";
    }
    List<String> parts = List.of(body.split(separator, -1));
    if (body.isEmpty() || !parts.stream().allMatch(s -> SEGMENT.matcher(s).matches())) {
      throw new IllegalArgumentException(
          "path: "
              + Quotes.of(path)
              + " (expected: names of letters, digits, _ or - separated by /, like"
              + " agentweave/authz/federated)");
    }
    return new DecisionPath(parts);
  }

  /** The segments, e.g. {@code [agentweave, authz, federated]}. */
  public List<String> segments() {
    return segments;
  }

  /** The slash form, e.g. {@code agentweave/authz/federated}: OPA's decision-log {@code path}. */
  public String slashPath() {
    return String.join("/", segments);
  }

  /**
   * The Rego reference, e.g. {@code data.agentweave.authz.federated}; a segment that is not an
   * identifier (or is a keyword) is written in brackets, e.g. {@code data.team["a-b"]}.
   */
  public String ref() {
    StringBuilder ref = new StringBuilder("data");
    for (String s : segments) {
      if (IDENTIFIER.matcher(s).matches() && !KEYWORDS.contains(s)) {
        ref.append('.').append(s);
      } else {
        ref.append("[\"").append(s).append("\"]");
      }
    }
    return ref.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DecisionPath other && segments.equals(other.segments);
  }

  @Override
  public int hashCode() {
    return segments.hashCode();
  }

  /** The slash form. */
  @Override
  public String toString() {
    return slashPath();
  }
}
