package dev.weft.trust.server;

import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslHandler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node API's listening socket: it closes a connection as it is accepted when {@code
 * maxConnections} are already open, and closes a connection whose TLS handshake has not finished
 * within {@code handshakeTimeout}. Each refusal is logged on one line at debug level and counted;
 * a warning says how many were refused, at most once a minute. Accepting and the handshake
 * deadlines run on the listener's (boss) event loop.
 */
final class GuardedServerChannel extends NioServerSocketChannel {
  private static final Logger log = LoggerFactory.getLogger(GuardedServerChannel.class);
  private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

  /** What all channels of one listener share. */
  static final class Guard {
    private final int maxConnections;
    private final Duration handshakeTimeout;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);
    private final AtomicLong refusedSinceWarning = new AtomicLong();

    Guard(int maxConnections, Duration handshakeTimeout) {
      this.maxConnections = maxConnections;
      this.handshakeTimeout = handshakeTimeout;
    }

    /** Connections refused or closed by this guard since the server started. */
    long refused() {
      return refused.get();
    }

    /** Connections open now. */
    int open() {
      return open.get();
    }

    void refuse(Channel child, String why) {
      refused.incrementAndGet();
      log.debug("node API: connection from {} closed: {}", child.remoteAddress(), why);
      long since = refusedSinceWarning.incrementAndGet();
      long now = System.nanoTime();
      long last = lastWarning.get();
      if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
        refusedSinceWarning.addAndGet(-since);
        log.warn("node API: {} connection(s) closed in the last minute (latest: {}; limits max_connections"
            + " {}, handshake_timeout {}s)", since, why, maxConnections, handshakeTimeout.toSeconds());
      }
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
      eventLoop().schedule(() -> {
        // the TLS handler stays in the pipeline for the connection's life once it is added
        SslHandler tls = child.pipeline().get(SslHandler.class);
        if (child.isOpen() && (tls == null || !tls.handshakeFuture().isSuccess())) {
          guard.refuse(child, "TLS handshake not finished within " + guard.handshakeTimeout.toSeconds()
              + "s (limit handshake_timeout)");
          child.close();
        }
      }, guard.handshakeTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }
    return read;
  }
}
