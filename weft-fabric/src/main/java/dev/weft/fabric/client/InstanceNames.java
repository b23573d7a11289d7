package dev.weft.fabric.client;

import dev.weft.fabric.Name;
import dev.weft.identity.spiffeid.SpiffeId;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** The instance name a client takes when its builder names none. */
final class InstanceNames {
  private InstanceNames() {}

  /**
   * {@code <trust domain>/client/<last SPIFFE ID segment>/<random id>}, each part reduced to the
   * characters a name component allows.
   */
  static Name forIdentity(SpiffeId id) {
    List<String> segments = id.segments();
    String service = segments.isEmpty() ? "client" : clean(segments.get(segments.size() - 1));
    String random = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    return Name.instance(clean(id.trustDomain().name()), "client", service, random);
  }

  private static String clean(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length() && out.length() < Name.MAX_COMPONENT_LENGTH; i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == '-';
      out.append(ok ? c : '-');
    }
    String text = out.toString();
    return text.isEmpty() || text.equals(".") || text.equals("..") ? "client" : text;
  }
}
