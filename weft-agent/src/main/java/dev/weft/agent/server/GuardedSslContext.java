package dev.weft.agent.server;

import java.security.KeyManagementException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The server's SSL context with one addition: Helidon asks it for one {@link SSLEngine} per
 * accepted connection (with the peer's host and port), on the connection's own thread, before the
 * handshake; that call tells the {@link ConnectionGuard} of the new connection, which may refuse
 * it. Everything else is the wrapped context's.
 */
final class GuardedSslContext extends SSLContext {

  GuardedSslContext(SSLContext delegate, ConnectionGuard guard) {
    super(new Spi(delegate, guard), delegate.getProvider(), delegate.getProtocol());
  }

  private static final class Spi extends SSLContextSpi {
    private final SSLContext delegate;
    private final ConnectionGuard guard;

    Spi(SSLContext delegate, ConnectionGuard guard) {
      this.delegate = delegate;
      this.guard = guard;
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr)
        throws KeyManagementException {
      throw new KeyManagementException("the agent server's SSL context is initialized already");
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      return delegate.getSocketFactory();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      return delegate.getServerSocketFactory();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      return delegate.createSSLEngine();
    }

    /** Helidon's per-connection call (peer host and port): the connection is counted here. */
    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      guard.accepted(host + ":" + port);
      return delegate.createSSLEngine(host, port);
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      return delegate.getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      return delegate.getClientSessionContext();
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
      return delegate.getDefaultSSLParameters();
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
      return delegate.getSupportedSSLParameters();
    }
  }
}
