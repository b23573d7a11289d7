package dev.weft.fabric.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's admin endpoint: plain HTTP on a loopback address, served by one thread (so it can never
 * take more than one request's worth of memory and CPU from the node), GET only.
 */
final class AdminServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Node.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor;

  private AdminServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  static AdminServer start(InetSocketAddress endpoint, NodeRuntime node) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(endpoint.getHostString(), endpoint.getPort()), 16);
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "weft-fabric-admin");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    json(server, "/v1/node", node::info);
    json(server, "/v1/nodes", node::nodes);
    json(server, "/v1/routes", node::routeTable);
    json(server, "/v1/connections", node::connectionTable);
    server.createContext(
        "/metrics",
        exchange ->
            respond(
                exchange,
                "text/plain; version=0.0.4; charset=utf-8",
                () -> node.metrics().scrape().getBytes(StandardCharsets.UTF_8)));
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            exchange.sendResponseHeaders(404, -1);
          }
        });
    server.start();
    return new AdminServer(server, executor);
  }

  InetSocketAddress address() {
    return server.getAddress();
  }

  private static void json(HttpServer server, String path, Supplier<Object> body) {
    server.createContext(
        path,
        exchange ->
            respond(
                exchange,
                "application/json",
                () -> JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(body.get())));
  }

  /** The body of a response, which may fail to serialize. */
  @FunctionalInterface
  private interface Body {
    byte[] get() throws IOException;
  }

  private static void respond(HttpExchange exchange, String type, Body body) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("GET")) {
        exchange.getResponseHeaders().add("Allow", "GET");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      if (!exchange.getRequestURI().getPath().equals(exchange.getHttpContext().getPath())) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      byte[] bytes;
      try {
        bytes = body.get();
      } catch (IOException | RuntimeException e) {
        LOG.warn("fabric admin: {} failed", exchange.getRequestURI().getPath(), e);
        exchange.sendResponseHeaders(500, -1);
        return;
      }
      exchange.getResponseHeaders().add("Content-Type", type);
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
