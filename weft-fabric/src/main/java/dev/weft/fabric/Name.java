package dev.weft.fabric;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * A fabric name: {@code org/namespace/service} names a service (publishing to it is anycast: one
 * live subscriber, a local one first), {@code org/namespace/service/id} names one instance of it
 * (publishing to it is unicast). Multicast publishes to every subscriber of a name.
 *
 * <p>Each component is 1 to {@value #MAX_COMPONENT_LENGTH} characters of {@code [A-Za-z0-9._-]},
 * not {@code .} or {@code ..}. Names are immutable and compared by their text.
 */
public final class Name implements Comparable<Name> {

  /** The longest component, in characters. */
  public static final int MAX_COMPONENT_LENGTH = 63;

  /** The longest name, in bytes: four components and three slashes. */
  public static final int MAX_LENGTH = 4 * MAX_COMPONENT_LENGTH + 3;

  private final String text;
  private final String[] components;

  private Name(String text, String[] components) {
    this.text = text;
    this.components = components;
  }

  /**
   * Parses a name of 3 or 4 components.
   *
   * @throws IllegalArgumentException in the form {@code name: "a/b" (expected: ...)}
   */
  public static Name parse(String text) {
    Objects.requireNonNull(text, "name");
    String[] parts = text.split("/", -1);
    if (parts.length != 3 && parts.length != 4) {
      throw invalid(text, "org/namespace/service or org/namespace/service/id");
    }
    for (String part : parts) {
      String problem = componentProblem(part);
      if (problem != null) {
        throw invalid(text, problem);
      }
    }
    return new Name(text, parts);
  }

  /** The service name {@code org/namespace/service}. */
  public static Name service(String org, String namespace, String service) {
    return parse(org + "/" + namespace + "/" + service);
  }

  /** The instance name {@code org/namespace/service/id}. */
  public static Name instance(String org, String namespace, String service, String id) {
    return parse(org + "/" + namespace + "/" + service + "/" + id);
  }

  /** Reads a name from its UTF-8 bytes (as the wire carries it). */
  public static Name fromBytes(byte[] utf8) {
    if (utf8.length > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "name: " + utf8.length + " bytes (expected: at most " + MAX_LENGTH + ")");
    }
    return parse(new String(utf8, StandardCharsets.UTF_8));
  }

  /** How many components: 3 for a service, 4 for an instance. */
  public int arity() {
    return components.length;
  }

  /** Whether this names one instance ({@code org/namespace/service/id}). */
  public boolean isInstance() {
    return components.length == 4;
  }

  /** The components, in order. */
  public List<String> components() {
    return List.of(components);
  }

  /** The first component. */
  public String org() {
    return components[0];
  }

  /** The second component. */
  public String namespace() {
    return components[1];
  }

  /** The third component. */
  public String serviceName() {
    return components[2];
  }

  /** The service this name belongs to: itself for a service, its first three components else. */
  public Name service() {
    return isInstance()
        ? new Name(
            components[0] + "/" + components[1] + "/" + components[2],
            new String[] {components[0], components[1], components[2]})
        : this;
  }

  /** The instance {@code id} of this service. */
  public Name withId(String id) {
    if (isInstance()) {
      throw new IllegalStateException("name: " + text + " (expected: a service name to add an id)");
    }
    return parse(text + "/" + id);
  }

  /** The UTF-8 bytes of the text. */
  public byte[] toBytes() {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public int compareTo(Name other) {
    return text.compareTo(other.text);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Name other && text.equals(other.text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }

  private static String componentProblem(String part) {
    if (part.isEmpty()) {
      return "no empty component";
    }
    if (part.length() > MAX_COMPONENT_LENGTH) {
      return "components of at most " + MAX_COMPONENT_LENGTH + " characters";
    }
    if (part.equals(".") || part.equals("..")) {
      return "no . or .. component";
    }
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == '-';
      if (!ok) {
        return "components of [A-Za-z0-9._-]";
      }
    }
    return null;
  }

  private static IllegalArgumentException invalid(String text, String expected) {
    String shown = text.length() > 300 ? text.substring(0, 300) + "..." : text;
    return new IllegalArgumentException("name: \"" + shown + "\" (expected: " + expected + ")");
  }
}
