package dev.weft.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free TCP ports for tests that must know a port before the server binds it (a node's address
 * written into another node's configuration, a server restarted on the same port).
 *
 * <p>The port comes from below Linux's ephemeral range (32768-60999 by default), so an outgoing
 * connection the test itself makes cannot take it between this call and the bind, which is what
 * {@code new ServerSocket(0)} ports are prone to.
 */
public final class Ports {
  private static final int LOW = 20_000;
  private static final int HIGH = 32_000;

  private Ports() {}

  /** A loopback port that was free a moment ago, outside the ephemeral range. */
  public static int free() throws IOException {
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(LOW, HIGH);
      try (ServerSocket s = new ServerSocket()) {
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return port;
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IOException("no free port in " + LOW + "-" + HIGH + " after 200 attempts");
  }
}
