package dev.weft.agent.client;

import dev.weft.identity.spiffeid.SpiffeId;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The agents this agent calls by name: name to SPIFFE ID and address, optionally in a group of
 * equivalent entries (replicas of one agent in several clouds) for {@link
 * dev.weft.agent.AgentClient#callWithFallback}. Immutable.
 */
public final class AgentRegistry {

  private static final AgentRegistry EMPTY = new AgentRegistry(Map.of());

  private final Map<String, Entry> entries;

  private AgentRegistry(Map<String, Entry> entries) {
    this.entries = entries;
  }

  /**
   * One agent.
   *
   * @param name the name callers use
   * @param spiffeId the SPIFFE ID it must present
   * @param address its {@code https} URI
   * @param group the group of equivalent entries it belongs to, if any
   */
  public record Entry(String name, SpiffeId spiffeId, URI address, Optional<String> group) {

    /** Validates the entry: a non-blank name, an absolute {@code https} address with a host. */
    public Entry {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(spiffeId, "spiffeId");
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(group, "group");
      if (name.isBlank()) {
        throw new IllegalArgumentException("name: \"\" (expected: a non-blank agent name)");
      }
      if (!"https".equalsIgnoreCase(address.getScheme()) || address.getHost() == null) {
        throw new IllegalArgumentException(
            "address: \"" + address + "\" (expected: an https URI such as https://host:8443)");
      }
    }

    /** An entry without a group. */
    public static Entry of(String name, SpiffeId spiffeId, URI address) {
      return new Entry(name, spiffeId, address, Optional.empty());
    }
  }

  /** A registry without entries. */
  public static AgentRegistry empty() {
    return EMPTY;
  }

  /**
   * A registry of {@code entries}.
   *
   * @throws IllegalArgumentException if two entries share a name
   */
  public static AgentRegistry of(Collection<Entry> entries) {
    Map<String, Entry> byName = new LinkedHashMap<>();
    for (Entry e : entries) {
      if (byName.putIfAbsent(e.name(), e) != null) {
        throw new IllegalArgumentException(
            "agents: \"" + e.name() + "\" twice (expected: unique names)");
      }
    }
    return new AgentRegistry(java.util.Collections.unmodifiableMap(byName));
  }

  /**
   * A registry from configuration: {@code name -> {spiffe_id: ..., address: ..., group: ...}}
   * ({@code group} optional), as the {@code agents:} section of the agent's config file reads.
   *
   * @throws IllegalArgumentException naming the field and the bad value, e.g. {@code
   *     agents.search.address: "http://x" (expected: an https URI such as https://host:8443)}
   */
  public static AgentRegistry fromMap(Map<String, ?> agents) {
    Objects.requireNonNull(agents, "agents");
    List<Entry> list = new ArrayList<>();
    for (Map.Entry<String, ?> agent : agents.entrySet()) {
      String field = "agents." + agent.getKey();
      if (!(agent.getValue() instanceof Map<?, ?> fields)) {
        throw new IllegalArgumentException(
            field + ": " + agent.getValue() + " (expected: a map with spiffe_id and address)");
      }
      String id = string(fields, field, "spiffe_id", true);
      String address = string(fields, field, "address", true);
      String group = string(fields, field, "group", false);
      SpiffeId spiffeId;
      try {
        spiffeId = SpiffeId.parse(id);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            field
                + ".spiffe_id: \""
                + id
                + "\" (expected: a SPIFFE ID such as "
                + "spiffe://example.org/agent/search)",
            e);
      }
      URI uri;
      try {
        uri = new URI(address);
        list.add(new Entry(agent.getKey(), spiffeId, uri, Optional.ofNullable(group)));
      } catch (URISyntaxException | IllegalArgumentException e) {
        throw new IllegalArgumentException(
            field
                + ".address: \""
                + address
                + "\" (expected: an https URI such as "
                + "https://host:8443)",
            e);
      }
    }
    return of(list);
  }

  private static String string(Map<?, ?> fields, String field, String key, boolean required) {
    Object value = fields.get(key);
    if (value == null && !required) {
      return null;
    }
    if (!(value instanceof String s) || s.isBlank()) {
      throw new IllegalArgumentException(
          field
              + "."
              + key
              + ": "
              + (value == null ? "missing" : "\"" + value + "\"")
              + " (expected: a non-blank string)");
    }
    return s;
  }

  /** The entry named {@code name}. */
  public Optional<Entry> get(String name) {
    return Optional.ofNullable(entries.get(name));
  }

  /** All entries, in the order given. */
  public Collection<Entry> entries() {
    return entries.values();
  }

  @Override
  public String toString() {
    return "AgentRegistry" + entries.keySet();
  }
}
