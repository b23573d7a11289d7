package dev.weft.trust.federation;

import dev.weft.identity.source.IdentitySource;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.tls.PeerAuthorizer;
import dev.weft.identity.tls.SpiffeTls;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * One SPIFFE mutual TLS exchange over loopback with plain JSSE sockets from {@link SpiffeTls}: the
 * server accepts, both sides handshake, learn the other's SPIFFE ID and exchange a byte (in TLS 1.3
 * a client learns that the server refused its certificate only when it reads). Records what each
 * side saw or why it failed.
 *
 * @param serverSaw the client's ID, as the server verified it
 * @param clientSaw the server's ID, as the client verified it
 * @param serverFailure why the server side failed
 * @param clientFailure why the client side failed
 */
record Handshake(
    Optional<SpiffeId> serverSaw,
    Optional<SpiffeId> clientSaw,
    Optional<Exception> serverFailure,
    Optional<Exception> clientFailure) {
  private static final int TIMEOUT_MILLIS = 20_000;

  static Handshake run(
      IdentitySource server,
      PeerAuthorizer serverAuthorizer,
      IdentitySource client,
      PeerAuthorizer clientAuthorizer,
      Clock clock)
      throws Exception {
    var serverContext = SpiffeTls.serverContext(server, serverAuthorizer, clock);
    var clientContext = SpiffeTls.clientContext(client, clientAuthorizer, clock);
    try (var listener =
        (SSLServerSocket)
            serverContext
                .getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      listener.setSoTimeout(TIMEOUT_MILLIS);
      CompletableFuture<SpiffeId> served = new CompletableFuture<>();
      Thread.ofVirtual()
          .start(
              () -> {
                try (var socket = (SSLSocket) listener.accept()) {
                  socket.setSoTimeout(TIMEOUT_MILLIS);
                  socket.startHandshake();
                  SpiffeId peer = SpiffeTls.peerId(socket.getSession());
                  socket.getOutputStream().write(1);
                  socket.getOutputStream().flush();
                  if (socket.getInputStream().read() != 1) {
                    throw new IOException("the client sent no byte");
                  }
                  served.complete(peer);
                } catch (Exception e) {
                  served.completeExceptionally(e);
                }
              });
      Optional<SpiffeId> clientSaw = Optional.empty();
      Optional<Exception> clientFailure = Optional.empty();
      try (var socket =
          (SSLSocket)
              clientContext
                  .getSocketFactory()
                  .createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
        socket.setSoTimeout(TIMEOUT_MILLIS);
        socket.startHandshake();
        SpiffeId peer = SpiffeTls.peerId(socket.getSession());
        if (socket.getInputStream().read() != 1) {
          throw new IOException("the server sent no byte");
        }
        socket.getOutputStream().write(1);
        socket.getOutputStream().flush();
        clientSaw = Optional.of(peer);
      } catch (IOException e) {
        clientFailure = Optional.of(e);
      }
      try {
        return new Handshake(
            Optional.of(served.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)),
            clientSaw,
            Optional.empty(),
            clientFailure);
      } catch (ExecutionException e) {
        return new Handshake(
            Optional.empty(), clientSaw, Optional.of((Exception) e.getCause()), clientFailure);
      }
    }
  }
}
