package dev.weft.trust.server;

import dev.weft.trust.internal.net.RefusalLog;
import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslHandler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node API's listening socket: it closes a connection as it is accepted when {@code
 * maxConnections} are already open, and closes a connection whose TLS handshake has not finished
 * within {@code handshakeTimeout}. Each refusal is counted and logged by a {@link RefusalLog}.
 * Accepting and the handshake deadlines run on the listener's (boss) event loop.
 */
final class GuardedServerChannel extends NioServerSocketChannel {
  /** What all channels of one listener share. */
  static final class Guard {
    private final int maxConnections;
    private final Duration handshakeTimeout;
    private final AtomicInteger open = new AtomicInteger();
    private final RefusalLog refusals = new RefusalLog("node API");

    Guard(int maxConnections, Duration handshakeTimeout) {
      this.maxConnections = maxConnections;
      this.handshakeTimeout = handshakeTimeout;
    }

    /** Connections refused or closed by this guard since the server started. */
    long refused() {
      return refusals.count();
    }

    /** Connections open now. */
    int open() {
      return open.get();
    }

    void refuse(Channel child, String why) {
      refusals.refused(child.remoteAddress(), why);
    }
  }

  private final Guard guard;

  GuardedServerChannel(Guard guard) {
    this.guard = guard;
  }

  @Override
  protected int doReadMessages(List<Object> buf) throws Exception {
    int before = buf.size();
    int read = super.doReadMessages(buf);
    for (int i = buf.size() - 1; i >= before; i--) {
      Channel child = (Channel) buf.get(i);
      if (guard.open.incrementAndGet() > guard.maxConnections) {
        guard.open.decrementAndGet();
        buf.remove(i);
        read--;
        guard.refuse(child, guard.maxConnections + " connections open (limit max_connections)");
        child.unsafe().closeForcibly();
        continue;
      }
      child.closeFuture().addListener(f -> guard.open.decrementAndGet());
      eventLoop()
          .schedule(
              () -> {
                // the TLS handler stays in the pipeline for the connection's life once it is added
                SslHandler tls = child.pipeline().get(SslHandler.class);
                if (child.isOpen() && (tls == null || !tls.handshakeFuture().isSuccess())) {
                  guard.refuse(
                      child,
                      "TLS handshake not finished within "
                          + guard.handshakeTimeout.toSeconds()
                          + "s (limit handshake_timeout)");
                  child.close();
                }
              },
              guard.handshakeTimeout.toMillis(),
              TimeUnit.MILLISECONDS);
    }
    return read;
  }
}
