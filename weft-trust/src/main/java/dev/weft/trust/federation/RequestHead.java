package dev.weft.trust.federation;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * The request line and header fields of one HTTP/1.0 or HTTP/1.1 request (RFC 9112), read byte by
 * byte up to a size limit so that an endless head costs at most the limit. Only what the bundle
 * endpoint needs is kept: the method, the path, the announced body.
 *
 * @param method the request method, case-sensitive as sent
 * @param path the path of the request target ({@code /} for an empty one), without its query
 * @param contentLength the {@code Content-Length}, if one was sent
 * @param transferEncoded whether a {@code Transfer-Encoding} (a body of unannounced length) was
 *     sent
 */
record RequestHead(
    String method, String path, OptionalLong contentLength, boolean transferEncoded) {
  private static final String TOKEN_CHARS = "!#$%&'*+-.^_`|~";

  /**
   * Reads one request head from {@code in}, at most {@code maxBytes} bytes of it (empty lines
   * before the request line included).
   *
   * @throws HttpError for a head over {@code maxBytes} (414 while the request line is still being
   *     read, else 431), a malformed head (400) or an HTTP version other than 1.x (505)
   * @throws EOFException if the connection ends before the head does
   */
  static RequestHead read(InputStream in, int maxBytes) throws IOException, HttpError {
    List<String> lines = new ArrayList<>();
    ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    int total = 0;
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException(
            total == 0
                ? "closed before sending a request"
                : "closed in the middle of a request head");
      }
      if (++total > maxBytes) {
        throw lines.isEmpty()
            ? HttpError.overLimit(
                414, "request line longer than " + maxBytes + " bytes (limit max_header_bytes)")
            : HttpError.overLimit(
                431, "request head longer than " + maxBytes + " bytes (limit max_header_bytes)");
      }
      if (b != '\n') {
        line.write(b);
        continue;
      }
      String text = line.toString(StandardCharsets.ISO_8859_1);
      line.reset();
      if (text.endsWith("\r")) {
        text = text.substring(0, text.length() - 1);
      }
      if (text.isEmpty()) {
        if (lines.isEmpty()) {
          continue; // RFC 9112 2.2: empty lines before the request line are ignored
        }
        return parse(lines);
      }
      lines.add(text);
    }
  }

  private static RequestHead parse(List<String> lines) throws HttpError {
    String[] requestLine = lines.getFirst().split(" ", -1);
    if (requestLine.length != 3 || !isToken(requestLine[0]) || requestLine[1].isEmpty()) {
      throw HttpError.bad(400, "malformed request line");
    }
    String version = requestLine[2];
    if (!version.matches("HTTP/[0-9]\\.[0-9]")) {
      throw HttpError.bad(400, "malformed HTTP version");
    }
    if (!version.startsWith("HTTP/1.")) {
      throw HttpError.bad(505, "only HTTP/1.0 and HTTP/1.1 are served");
    }
    OptionalLong contentLength = OptionalLong.empty();
    boolean transferEncoded = false;
    int hosts = 0;
    for (String field : lines.subList(1, lines.size())) {
      int colon = field.indexOf(':');
      if (colon <= 0 || !isToken(field.substring(0, colon))) {
        throw HttpError.bad(400, "malformed header field");
      }
      String value = field.substring(colon + 1).strip();
      if (hasControlCharacters(value)) {
        throw HttpError.bad(400, "control character in a header field");
      }
      switch (field.substring(0, colon).toLowerCase(Locale.ROOT)) {
        case "content-length" -> {
          long length = contentLength(value);
          if (contentLength.isPresent() && contentLength.getAsLong() != length) {
            throw HttpError.bad(400, "conflicting Content-Length fields");
          }
          contentLength = OptionalLong.of(length);
        }
        case "transfer-encoding" -> transferEncoded = true;
        case "host" -> hosts++;
        default -> {}
      }
    }
    if (version.equals("HTTP/1.1") && hosts != 1) {
      throw HttpError.bad(400, "an HTTP/1.1 request needs exactly one Host field");
    }
    if (transferEncoded && contentLength.isPresent()) {
      throw HttpError.bad(400, "both Transfer-Encoding and Content-Length");
    }
    return new RequestHead(requestLine[0], path(requestLine[1]), contentLength, transferEncoded);
  }

  private static long contentLength(String value) throws HttpError {
    if (value.isEmpty() || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw HttpError.bad(400, "malformed Content-Length");
    }
    // more digits than a long holds is still just too large
    return value.length() > 18 ? Long.MAX_VALUE : Long.parseLong(value);
  }

  private static String path(String target) throws HttpError {
    if (target.startsWith("/")) {
      int query = target.indexOf('?');
      return query < 0 ? target : target.substring(0, query);
    }
    String lower = target.toLowerCase(Locale.ROOT);
    if (lower.startsWith("https://") || lower.startsWith("http://")) {
      try {
        String path = new URI(target).getRawPath();
        return path == null || path.isEmpty() ? "/" : path;
      } catch (URISyntaxException e) {
        throw HttpError.bad(400, "malformed request target");
      }
    }
    throw HttpError.bad(400, "malformed request target");
  }

  private static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || TOKEN_CHARS.indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasControlCharacters(String value) {
    return value.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f);
  }
}
