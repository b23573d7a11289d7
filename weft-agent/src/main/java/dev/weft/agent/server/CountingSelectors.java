package dev.weft.agent.server;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ProtocolConfigs;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionProvider;
import io.helidon.webserver.http2.Http2Config;
import io.helidon.webserver.http2.Http2ConnectionProvider;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Helidon's HTTP/1.1 and HTTP/2 connection selectors (built as Helidon builds its defaults, with
 * the header limits of {@link ServerLimits}), each wrapped so that the {@link ConnectionGuard}
 * learns when Helidon starts handling a connection (after the TLS handshake and the protocol
 * choice) and when that handling ends, whichever way: Helidon closes the socket right after {@link
 * ServerConnection#handle} returns or throws. A connection that ends with an exception is reported
 * in one line by the guard instead of a stack trace from Helidon. Selectors configured on a
 * listener take precedence over the ones Helidon discovers, so every connection of the listener
 * goes through these.
 */
final class CountingSelectors {

  private CountingSelectors() {}

  /** The selectors for a listener named {@code listener}. */
  static List<ServerConnectionSelector> of(
      String listener, ServerLimits limits, ConnectionGuard guard) {
    ProtocolConfigs none = ProtocolConfigs.create(List.of());
    ServerConnectionSelector http1 =
        new Http1ConnectionProvider()
            .create(
                listener,
                Http1Config.builder()
                    .maxHeadersSize(limits.maxHeaderBytes())
                    .maxPrologueLength(Math.min(4096, limits.maxHeaderBytes()))
                    .build(),
                none);
    ServerConnectionSelector http2 =
        new Http2ConnectionProvider()
            .create(
                listener,
                Http2Config.builder().maxHeaderListSize(limits.maxHeaderBytes()).build(),
                none);
    return List.of(new Counting(http1, guard), new Counting(http2, guard));
  }

  /** A selector whose connections are counted. */
  private static final class Counting implements ServerConnectionSelector {
    private final ServerConnectionSelector delegate;
    private final ConnectionGuard guard;

    Counting(ServerConnectionSelector delegate, ConnectionGuard guard) {
      this.delegate = delegate;
      this.guard = guard;
    }

    @Override
    public int bytesToIdentifyConnection() {
      return delegate.bytesToIdentifyConnection();
    }

    @Override
    public Support supports(BufferData data) {
      return delegate.supports(data);
    }

    @Override
    public Set<String> supportedApplicationProtocols() {
      return delegate.supportedApplicationProtocols();
    }

    @Override
    public ServerConnection connection(ConnectionContext ctx) {
      return new CountedConnection(delegate.connection(ctx), guard);
    }
  }

  /**
   * A connection the guard watches while Helidon handles it. Called on the connection's own virtual
   * thread. Helidon 4.5 calls {@link #handle(Limit)}; the deprecated {@code handle(Semaphore)} is
   * left to the interface's default.
   */
  private static final class CountedConnection implements ServerConnection {
    private final ServerConnection delegate;
    private final ConnectionGuard guard;

    CountedConnection(ServerConnection delegate, ConnectionGuard guard) {
      this.delegate = delegate;
      this.guard = guard;
    }

    @Override
    public void handle(Limit limit) throws InterruptedException {
      guard.handling(delegate);
      RuntimeException failure = null;
      try {
        delegate.handle(limit);
      } catch (CloseConnectionException e) {
        // the client closed its end between requests: a normal end
      } catch (RuntimeException e) {
        // A broken or closed connection: reported in one line by the guard, not as a stack trace.
        failure = e;
      } finally {
        guard.ended(failure);
      }
    }

    @Override
    public Duration idleTime() {
      return delegate.idleTime();
    }

    @Override
    public void close(boolean interrupt) {
      delegate.close(interrupt);
    }
  }
}
