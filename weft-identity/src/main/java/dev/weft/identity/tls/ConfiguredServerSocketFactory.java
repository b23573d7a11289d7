package dev.weft.identity.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.function.Supplier;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLServerSocketFactory;

/**
 * Applies the context's {@link SSLParameters} (client authentication required) to every server
 * socket it creates; accepted sockets inherit them.
 */
final class ConfiguredServerSocketFactory extends SSLServerSocketFactory {
  private final SSLServerSocketFactory delegate;
  private final Supplier<SSLParameters> parameters;

  ConfiguredServerSocketFactory(
      SSLServerSocketFactory delegate, Supplier<SSLParameters> parameters) {
    this.delegate = delegate;
    this.parameters = parameters;
  }

  @Override
  public String[] getDefaultCipherSuites() {
    return parameters.get().getCipherSuites();
  }

  @Override
  public String[] getSupportedCipherSuites() {
    return delegate.getSupportedCipherSuites();
  }

  @Override
  public ServerSocket createServerSocket() throws IOException {
    return configure(delegate.createServerSocket());
  }

  @Override
  public ServerSocket createServerSocket(int port) throws IOException {
    return configure(delegate.createServerSocket(port));
  }

  @Override
  public ServerSocket createServerSocket(int port, int backlog) throws IOException {
    return configure(delegate.createServerSocket(port, backlog));
  }

  @Override
  public ServerSocket createServerSocket(int port, int backlog, InetAddress address)
      throws IOException {
    return configure(delegate.createServerSocket(port, backlog, address));
  }

  private ServerSocket configure(ServerSocket socket) {
    ((SSLServerSocket) socket).setSSLParameters(parameters.get());
    return socket;
  }
}
