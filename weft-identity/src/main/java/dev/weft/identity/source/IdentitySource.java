package dev.weft.identity.source;

/**
 * Supplies the current identity of this process. Implementations swap an immutable snapshot in a
 * volatile field when the SVID rotates or a bundle changes, so {@link #current()} is a cheap read
 * that TLS handshakes may call every time.
 */
@FunctionalInterface
public interface IdentitySource {
  /**
   * The current snapshot.
   *
   * @throws IllegalStateException if the source has no identity yet or has been closed
   */
  IdentitySnapshot current();
}
