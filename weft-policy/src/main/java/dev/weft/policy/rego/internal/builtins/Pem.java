package dev.weft.policy.rego.internal.builtins;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Go's {@code encoding/pem.Decode}: the first well-formed block and the text after it. */
final class Pem {

  /**
   * A decoded block.
   *
   * @param type the word(s) after BEGIN
   * @param bytes the decoded body
   */
  record Block(String type, byte[] bytes) {}

  /**
   * The result of one decode.
   *
   * @param block the block, or null when none was found
   * @param rest what follows the block (all of the input when there is none)
   */
  record Decoded(Block block, String rest) {}

  private static final String BEGIN = "-----BEGIN ";
  private static final String DASHES = "-----";

  private Pem() {}

  static Decoded decode(String data) {
    int from = 0;
    while (true) {
      int pos = data.indexOf(BEGIN, from);
      if (pos < 0) {
        return new Decoded(null, data);
      }
      if (pos == 0 || data.charAt(pos - 1) == '\n') {
        Decoded d = block(data.substring(pos + BEGIN.length()));
        if (d != null) {
          return d;
        }
      }
      from = pos + 1;
    }
  }

  private static Decoded block(String s) {
    int eol = s.indexOf('\n');
    String typeLine = (eol < 0 ? s : s.substring(0, eol)).stripTrailing();
    if (!typeLine.endsWith(DASHES)) {
      return null;
    }
    String type = typeLine.substring(0, typeLine.length() - DASHES.length());
    String body = eol < 0 ? "" : s.substring(eol + 1);
    String endMarker = DASHES + "END " + type + DASHES;
    int end;
    if (body.startsWith(endMarker)) {
      end = 0;
    } else {
      end = body.indexOf("\n" + endMarker);
      if (end < 0) {
        return null;
      }
      end += 1;
    }
    String content = body.substring(0, end);
    String after = body.substring(end + endMarker.length());
    int nl = after.indexOf('\n');
    String trailing = nl < 0 ? after : after.substring(0, nl);
    if (!trailing.isBlank()) {
      return null;
    }
    String rest = nl < 0 ? "" : after.substring(nl + 1);
    StringBuilder b64 = new StringBuilder();
    boolean headers = content.contains(":");
    for (String line : content.split("\n", -1)) {
      if (headers) {
        if (line.isBlank()) {
          headers = false;
        }
        if (line.contains(":") || line.isBlank()) {
          continue;
        }
        headers = false;
      }
      b64.append(line.strip());
    }
    try {
      byte[] bytes = Base64.getDecoder().decode(b64.toString());
      return new Decoded(new Block(type, bytes), rest);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Go's {@code pem.Encode} of one block. */
  static String encode(String type, byte[] der) {
    String b64 =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return BEGIN + type + DASHES + "\n" + b64 + "\n" + DASHES + "END " + type + DASHES + "\n";
  }
}
