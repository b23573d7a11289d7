package dev.weft.agent.config;

import java.net.URI;
import java.net.URISyntaxException;

/** URI checks shared by the sections. */
final class Uris {
  private Uris() {}

  /** {@code text} as a URI, or null if it is not one. */
  static URI parse(String text) {
    try {
      return new URI(text);
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /** An absolute URI with a host and no user info, query or fragment. */
  static boolean plainServer(URI uri) {
    return uri.isAbsolute()
        && uri.getHost() != null
        && uri.getRawUserInfo() == null
        && uri.getRawQuery() == null
        && uri.getRawFragment() == null;
  }

  /**
   * {@code text} as an {@code http} or {@code https} URL without user info, query or fragment.
   *
   * @throws IllegalArgumentException if it is not one
   */
  static URI httpUrl(String text) {
    URI uri = parse(text);
    if (!http(uri)) {
      throw new IllegalArgumentException();
    }
    return uri;
  }

  /** {@link #plainServer} with scheme {@code http} or {@code https}. */
  static boolean http(URI uri) {
    return uri != null
        && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        && plainServer(uri);
  }
}
