package dev.weft.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.identity.text.Quotes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** JSON pointers (RFC 6901) into a decision-log event, and masking the values they name. */
final class JsonPointers {

  private JsonPointers() {}

  /** A parsed pointer: its text and its unescaped reference tokens. */
  record Pointer(String text, List<String> tokens) {}

  /** Parses mask pointers; each must start with {@code /input} or {@code /result}. */
  static List<Pointer> parseAll(List<String> pointers) {
    List<Pointer> parsed = new ArrayList<>();
    for (String p : pointers) {
      parsed.add(parse(Objects.requireNonNull(p, "mask pointer")));
    }
    return List.copyOf(parsed);
  }

  private static Pointer parse(String text) {
    List<String> tokens = new ArrayList<>();
    boolean valid = text.startsWith("/");
    if (valid) {
      for (String raw : text.substring(1).split("/", -1)) {
        String token = unescape(raw);
        valid &= token != null;
        tokens.add(token);
      }
      valid &= tokens.getFirst() != null && List.of("input", "result").contains(tokens.getFirst());
    }
    if (!valid) {
      throw new IllegalArgumentException(
          "mask: "
              + Quotes.of(text)
              + " (expected: a JSON pointer starting with /input or /result)");
    }
    return new Pointer(text, List.copyOf(tokens));
  }

  /** {@code ~1} to {@code /} and {@code ~0} to {@code ~}; null for any other {@code ~}. */
  private static String unescape(String raw) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c != '~') {
        out.append(c);
      } else if (i + 1 < raw.length() && (raw.charAt(i + 1) == '0' || raw.charAt(i + 1) == '1')) {
        out.append(raw.charAt(++i) == '0' ? '~' : '/');
      } else {
        return null;
      }
    }
    return out.toString();
  }

  /**
   * Replaces the value {@code pointer} names in {@code event} with {@code replacement}.
   *
   * @return whether the pointer named a value
   */
  static boolean mask(ObjectNode event, Pointer pointer, String replacement) {
    JsonNode node = event;
    List<String> tokens = pointer.tokens();
    for (int i = 0; i < tokens.size() - 1 && node != null; i++) {
      node = child(node, tokens.get(i));
    }
    String last = tokens.getLast();
    if (node instanceof ObjectNode object && object.has(last)) {
      object.put(last, replacement);
      return true;
    }
    int index = index(last);
    if (node instanceof ArrayNode array && index >= 0 && index < array.size()) {
      array.set(index, array.textNode(replacement));
      return true;
    }
    return false;
  }

  private static JsonNode child(JsonNode node, String token) {
    if (node instanceof ObjectNode object) {
      return object.get(token);
    }
    int index = index(token);
    return node instanceof ArrayNode array && index >= 0 ? array.get(index) : null;
  }

  /** An array index token ({@code 0}, or digits without a leading zero), or -1. */
  private static int index(String token) {
    if (token.isEmpty()
        || token.length() > 9
        || !token.chars().allMatch(Character::isDigit)
        || (token.length() > 1 && token.charAt(0) == '0')) {
      return -1;
    }
    return Integer.parseInt(token);
  }
}
