package dev.weft.agent.server;

import dev.weft.agent.observe.CallObserver;
import io.helidon.common.buffers.BufferData;
import io.helidon.common.concurrency.limits.Limit;
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
 * Helidon's HTTP/1.1 and HTTP/2 connection selectors (built as Helidon builds its defaults), each
 * wrapped so that a connection reports {@code observer.connections(+1)} when Helidon starts
 * handling it (after the TLS handshake and the protocol choice) and {@code -1} when that handling
 * ends, whichever way: Helidon closes the socket right after {@link ServerConnection#handle}
 * returns or throws. Selectors configured on a listener take precedence over the ones Helidon
 * discovers, so every connection of the listener goes through these.
 */
final class CountingSelectors {

  private CountingSelectors() {}

  /** The selectors for a listener named {@code listener}. */
  static List<ServerConnectionSelector> of(String listener, CallObserver observer) {
    ProtocolConfigs none = ProtocolConfigs.create(List.of());
    ServerConnectionSelector http1 =
        new Http1ConnectionProvider().create(listener, Http1Config.create(), none);
    ServerConnectionSelector http2 =
        new Http2ConnectionProvider().create(listener, Http2Config.create(), none);
    return List.of(new Counting(http1, observer), new Counting(http2, observer));
  }

  /** A selector whose connections are counted. */
  private static final class Counting implements ServerConnectionSelector {
    private final ServerConnectionSelector delegate;
    private final CallObserver observer;

    Counting(ServerConnectionSelector delegate, CallObserver observer) {
      this.delegate = delegate;
      this.observer = observer;
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
      return new CountedConnection(delegate.connection(ctx), observer);
    }
  }

  /**
   * A connection that is open, for the metrics, while Helidon handles it. Called on the
   * connection's own virtual thread. Helidon 4.5 calls {@link #handle(Limit)}; the deprecated
   * {@code handle(Semaphore)} is left to the interface's default.
   */
  private static final class CountedConnection implements ServerConnection {
    private final ServerConnection delegate;
    private final CallObserver observer;

    CountedConnection(ServerConnection delegate, CallObserver observer) {
      this.delegate = delegate;
      this.observer = observer;
    }

    @Override
    public void handle(Limit limit) throws InterruptedException {
      observer.connections(1);
      try {
        delegate.handle(limit);
      } finally {
        observer.connections(-1);
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
