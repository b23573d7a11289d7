package dev.weft.identity.tls;

import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.function.Supplier;
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
 * An initialised {@link SSLContext} that forwards to another one, with two additions: its engines,
 * sockets and server sockets all start with the same {@link SSLParameters} (protocols, client
 * authentication required on servers), so a caller cannot forget them; and each engine made for a
 * peer address is announced to an {@link EngineHook} first. It cannot be initialised again.
 */
final class ForwardingSslContext extends SSLContext {
  ForwardingSslContext(SSLContext delegate, Supplier<SSLParameters> parameters, EngineHook hook) {
    super(new Spi(delegate, parameters, hook), delegate.getProvider(), delegate.getProtocol());
  }

  private static final class Spi extends SSLContextSpi {
    private final SSLContext delegate;
    private final Supplier<SSLParameters> parameters;
    private final EngineHook hook;

    private Spi(SSLContext delegate, Supplier<SSLParameters> parameters, EngineHook hook) {
      this.delegate = delegate;
      this.parameters = parameters;
      this.hook = hook;
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random)
        throws KeyManagementException {
      throw new KeyManagementException(
          "SPIFFE SSLContext: already initialised with the SPIFFE key and trust managers");
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      return new ConfiguredSocketFactory(delegate.getSocketFactory(), parameters);
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      return new ConfiguredServerSocketFactory(delegate.getServerSocketFactory(), parameters);
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      SSLEngine engine = delegate.createSSLEngine();
      engine.setSSLParameters(parameters.get());
      return engine;
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      hook.creating(host, port);
      SSLEngine engine = delegate.createSSLEngine(host, port);
      engine.setSSLParameters(parameters.get());
      return engine;
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
      return parameters.get();
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
      return delegate.getSupportedSSLParameters();
    }
  }
}
