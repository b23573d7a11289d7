package dev.weft.identity.tls;

/**
 * Told of every {@link javax.net.ssl.SSLEngine} a SPIFFE context makes for a peer address ({@link
 * javax.net.ssl.SSLContext#createSSLEngine(String, int)}), before the engine is made, on the thread
 * that asks for it. A server that makes one engine per accepted connection (Helidon does, with the
 * peer's host and port) so learns of each connection before its handshake, and may refuse it: an
 * exception thrown here reaches the caller and no engine is made. Engines made without a peer
 * address, and sockets, are not announced. Must be thread-safe and must not block.
 */
@FunctionalInterface
public interface EngineHook {

  /**
   * An engine for {@code peerHost}:{@code peerPort} is about to be made.
   *
   * @throws RuntimeException to refuse it
   */
  void creating(String peerHost, int peerPort);

  /** A hook that does nothing. */
  static EngineHook none() {
    return (peerHost, peerPort) -> {};
  }
}
