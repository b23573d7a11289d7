package dev.weft.agent.server;

import dev.weft.agent.observability.CallObserver;
import dev.weft.agent.observability.CallObserver.SlowPhase;
import io.helidon.common.task.InterruptableTask;
import io.helidon.webserver.spi.ServerConnection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the connections of one listener within {@link ServerLimits}: at most {@code maxConnections}
 * open (counted from accept, the handshake included; one more is closed at once), the handshake and
 * the first request bytes within {@code handshakeTimeout} (Helidon reads the first bytes to choose
 * the protocol before it handles the connection), an HTTP/1.1 request's headers within {@code
 * requestReadTimeout} of its request line, and a request body within {@code requestReadTimeout}
 * (see {@link #reading()}). Idle connections are closed by Helidon's idle timeout.
 *
 * <p>Helidon serves each connection on a virtual thread of its own, from accept (where it creates
 * the TLS engine: {@link #accepted}) to close. A connection is therefore known here by that thread;
 * a connection that is too slow is ended by interrupting it, which closes its channel. A sweeper
 * thread checks every connection {@code min(timeouts) / 4} (10 ms to 1 s). Thread-safe.
 */
final class ConnectionGuard implements AutoCloseable {

  private final ServerLimits limits;
  private final CallObserver observer;
  private final AbortLog log = new AbortLog();
  private final ConcurrentMap<Thread, Conn> open = new ConcurrentHashMap<>();
  private final ConcurrentMap<Thread, Long> reads = new ConcurrentHashMap<>();
  private final ScheduledExecutorService sweeper;

  /** One open connection: its thread and, once Helidon handles it, the connection. */
  private static final class Conn {
    final Thread thread;
    final String peer;
    final long acceptedNanos = System.nanoTime();
    volatile ServerConnection handled;
    volatile int requests; // written by the connection's own thread only
    volatile boolean ending;

    Conn(Thread thread, String peer) {
      this.thread = thread;
      this.peer = peer;
    }
  }

  ConnectionGuard(ServerLimits limits, CallObserver observer) {
    this.limits = limits;
    this.observer = observer;
    long shortest =
        Math.min(limits.handshakeTimeout().toMillis(), limits.requestReadTimeout().toMillis());
    long period = Math.clamp(shortest / 4, 10, 1000);
    this.sweeper =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "weft-agent-connection-guard");
              t.setDaemon(true);
              return t;
            });
    sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
  }

  /**
   * A connection was accepted from {@code peer}; called on its own thread before its handshake.
   *
   * @throws IllegalStateException when {@code maxConnections} are open: the caller closes it
   */
  void accepted(String peer) {
    if (open.size() >= limits.maxConnections()) {
      open.values().removeIf(c -> !c.thread.isAlive() && ended(c));
    }
    if (open.size() >= limits.maxConnections()) {
      observer.connectionRejected();
      log.aborted(
          peer,
          "refused: "
              + limits.maxConnections()
              + " connections are open (server.limits.max_connections)");
      throw new IllegalStateException("connection limit reached");
    }
    Thread self = Thread.currentThread();
    Conn previous = open.put(self, new Conn(self, peer));
    if (previous == null) {
      observer.connections(1);
    }
  }

  /** Helidon starts handling {@code connection} on the current thread (handshake done). */
  void handling(ServerConnection connection) {
    Conn c = open.get(Thread.currentThread());
    if (c != null) {
      c.handled = connection;
    }
  }

  /** The connection of the current thread ended (normally or with {@code failure}). */
  void ended(Throwable failure) {
    Conn c = open.get(Thread.currentThread());
    if (c != null && ended(c) && failure != null && !c.ending) {
      log.aborted(
          c.peer,
          failure.getClass().getSimpleName()
              + (failure.getMessage() == null ? "" : ": " + failure.getMessage()));
    }
  }

  /** An HTTP/1.1 request reached routing on the current (connection) thread; no-op for HTTP/2. */
  void requestStarted() {
    Conn c = open.get(Thread.currentThread());
    if (c != null) {
      c.requests++;
    }
  }

  /** The request {@link #requestStarted} announced has been answered. */
  void requestEnded() {
    Conn c = open.get(Thread.currentThread());
    if (c != null) {
      c.requests--;
    }
  }

  /**
   * Bounds reading a request body on the current thread to {@code requestReadTimeout}: past it the
   * thread is interrupted (which closes an HTTP/1.1 connection) and {@link Read#close} reports it.
   */
  Read reading() {
    Thread self = Thread.currentThread();
    long deadline = System.nanoTime() + limits.requestReadTimeout().toNanos();
    reads.put(self, deadline);
    return () -> {
      if (reads.remove(self, deadline)) {
        return true;
      }
      Thread.interrupted(); // the sweeper interrupted us: clear it, the caller answers instead
      return false;
    };
  }

  /** A body read bounded by {@link #reading()}. */
  @FunctionalInterface
  interface Read {
    /** Ends the bound; false when the body did not arrive within the timeout. */
    boolean close();
  }

  /** Open connections (accepted and not yet ended). */
  int open() {
    return open.size();
  }

  @Override
  public void close() {
    sweeper.shutdownNow();
  }

  private boolean ended(Conn c) {
    if (open.remove(c.thread, c)) {
      observer.connections(-1);
      return true;
    }
    return false;
  }

  private void sweep() {
    try {
      long now = System.nanoTime();
      for (Conn c : open.values()) {
        if (!c.thread.isAlive()) {
          ended(c);
        } else if (c.handled == null) {
          if (!c.ending && now - c.acceptedNanos > limits.handshakeTimeout().toNanos()) {
            end(
                c,
                SlowPhase.HANDSHAKE,
                "TLS handshake not finished within "
                    + limits.handshakeTimeout().toMillis()
                    + " ms (server.limits.handshake_timeout)");
            c.thread.interrupt();
          }
        } else if (!c.ending
            && c.requests == 0
            && readingHeaders(c.handled)
            && c.handled.idleTime().compareTo(limits.requestReadTimeout()) > 0) {
          end(
              c,
              SlowPhase.REQUEST_READ,
              "request headers not received within "
                  + limits.requestReadTimeout().toMillis()
                  + " ms (server.limits.request_read_timeout)");
          c.handled.close(true);
        }
      }
      for (var read : reads.entrySet()) {
        if (now - read.getValue() > 0 && reads.remove(read.getKey(), read.getValue())) {
          observer.connectionTimedOut(SlowPhase.REQUEST_READ);
          log.aborted(
              read.getKey().getName(),
              "request body not received within "
                  + limits.requestReadTimeout().toMillis()
                  + " ms (server.limits.request_read_timeout)");
          read.getKey().interrupt();
        }
      }
    } catch (RuntimeException e) {
      log.aborted("connection guard", e.toString());
    }
  }

  /**
   * An HTTP/1.1 connection between its request line and the end of its headers: Helidon can
   * interrupt it only while it waits for a request line, and it is not in a request.
   */
  private static boolean readingHeaders(ServerConnection connection) {
    return connection instanceof InterruptableTask<?> task
        && connection.getClass().getSimpleName().equals("Http1Connection")
        && !task.canInterrupt();
  }

  private void end(Conn c, SlowPhase phase, String why) {
    c.ending = true;
    observer.connectionTimedOut(phase);
    log.aborted(c.peer, why);
  }
}
