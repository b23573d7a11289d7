package dev.weft.trust.store;

import java.util.Optional;

/** Keeps a database password out of messages, whatever a driver puts in its own. */
final class Redaction {
  private Redaction() {}

  /** {@code message} with every occurrence of {@code password} replaced by {@code ***}. */
  static String redact(String message, Optional<String> password) {
    if (message == null) {
      return "";
    }
    String secret = password.orElse("");
    return secret.isEmpty() ? message : message.replace(secret, "***");
  }
}
