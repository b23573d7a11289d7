package dev.weft.agent.config;

import dev.weft.config.ConfigException;
import dev.weft.config.Problem;
import dev.weft.config.Section;
import dev.weft.identity.spiffeid.SpiffeId;
import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reads the {@code agent_registry} section. */
final class Registry {
  private static final String NAME = "an entry name: a letter or _, then letters, digits or _";
  private static final String ADDRESS =
      "an https URI without user info, query or fragment, such as https://agent.example.org:8443";
  private static final String GROUP = "a group name: letters, digits, ., _ or -";

  private Registry() {}

  /** An https URI without user info, query or fragment. */
  private static URI address(String text) {
    URI uri = Uris.parse(text);
    if (uri == null || !"https".equals(uri.getScheme()) || !Uris.plainServer(uri)) {
      throw new IllegalArgumentException();
    }
    return uri;
  }

  static Map<String, PeerConfig> read(Section s) throws ConfigException {
    Map<String, PeerConfig> out = new LinkedHashMap<>();
    Map<String, String> seen = new HashMap<>();
    for (String name : s.names()) {
      if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw s.nameError(name, NAME);
      }
      String upper = name.toUpperCase(Locale.ROOT);
      if (seen.containsKey(upper)) {
        throw s.nameError(
            name,
            "a name unique ignoring case; "
                + Problem.show(seen.get(upper))
                + " is on line "
                + s.lineOf(seen.get(upper)));
      }
      seen.put(upper, name);
      Section entry = s.section(name).orElseThrow();
      entry.allow(EnvOverrides.PEER_KEYS.toArray(String[]::new));
      SpiffeId id =
          entry
              .value("spiffe_id", Ids.SPIFFE_ID, Ids::spiffeId)
              .orElseThrow(() -> entry.missing("spiffe_id", "the SPIFFE ID the agent presents"));
      URI uri =
          entry
              .value("address", ADDRESS, Registry::address)
              .orElseThrow(() -> entry.missing("address", ADDRESS));
      Optional<String> group = entry.string("group", GROUP);
      if (group.isPresent() && !group.get().matches("[A-Za-z0-9._-]+")) {
        throw entry.error("group", GROUP);
      }
      out.put(name, new PeerConfig(name, id, uri, group));
    }
    return out;
  }
}
