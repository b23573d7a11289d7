package dev.weft.trust.federation;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A SPIFFE bundle endpoint: answers {@code GET /} over HTTPS with the current bundle of this
 * trust domain in the SPIFFE bundle format. The TLS context decides the profile: the server's
 * own SVID for {@code https_spiffe}, a Web PKI certificate for {@code https_web}; clients are not
 * authenticated. Requests are served on virtual threads.
 */
public final class BundleEndpointServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BundleEndpointServer.class);

  /** Supplies the bundle document to serve; called per request. */
  @FunctionalInterface
  public interface BundleDocument {
    /** The SPIFFE bundle document, or empty if there is none to serve yet. */
    java.util.Optional<String> current() throws IOException;
  }

  private final HttpsServer server;
  private final ExecutorService executor;

  private BundleEndpointServer(HttpsServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Listens on {@code bind} and serves {@code document}.
   *
   * @throws IOException if the address cannot be bound
   */
  public static BundleEndpointServer start(InetSocketAddress bind, SSLContext tls, BundleDocument document)
      throws IOException {
    HttpsServer server = HttpsServer.create(bind, 64);
    server.setHttpsConfigurator(new HttpsConfigurator(tls) {
      @Override
      public void configure(HttpsParameters params) {
        SSLParameters ssl = tls.getDefaultSSLParameters();
        ssl.setNeedClientAuth(false);
        ssl.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        params.setSSLParameters(ssl);
      }
    });
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    server.createContext("/", exchange -> serve(exchange, document));
    server.start();
    return new BundleEndpointServer(server, executor);
  }

  /** The bound address (the real port when 0 was asked for). */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  private static void serve(HttpExchange exchange, BundleDocument document) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      if (!exchange.getRequestURI().getPath().equals("/")) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      var body = document.current();
      if (body.isEmpty()) {
        exchange.sendResponseHeaders(503, -1);
        return;
      }
      byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      if (exchange.getRequestMethod().equals("HEAD")) {
        exchange.sendResponseHeaders(200, -1);
        return;
      }
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } catch (IOException | RuntimeException e) {
      log.warn("bundle endpoint: request from {} failed: {}", exchange.getRemoteAddress(), e.getMessage());
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
