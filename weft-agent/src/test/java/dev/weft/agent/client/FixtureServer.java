package dev.weft.agent.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.weft.agent.ErrorCode;
import dev.weft.identity.source.IdentitySource;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.tls.PeerAuthorizer;
import dev.weft.identity.tls.SpiffeTls;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in agent server over real mutual TLS (JDK HttpsServer, HTTP/1.1): answers capability
 * calls with the A2A JSON-RPC shapes, can be scripted to fail or hang, serves an agent card, and
 * records requests, peers and TLS connections.
 */
final class FixtureServer implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  /** One request as the server saw it. */
  record Seen(SpiffeId peer, Map<String, String> headers, JsonNode body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    String capability() {
      return body.at("/params/message/metadata/weft.capability").asText();
    }

    JsonNode params() {
      return body.at("/params/message/parts/0/data");
    }
  }

  /** How to answer one call. */
  @FunctionalInterface
  interface Responder {
    void respond(HttpExchange exchange, Seen seen) throws IOException;
  }

  private final HttpsServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger cardFetches = new AtomicInteger();
  private final List<Seen> requests = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedDeque<Responder> script = new ConcurrentLinkedDeque<>();
  private volatile Responder fallback = FixtureServer::echo;
  private volatile JsonNode card;
  private volatile Runnable onRequest = () -> {};

  private FixtureServer(IdentitySource identity) throws IOException {
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(
        new HttpsConfigurator(SpiffeTls.serverContext(identity, PeerAuthorizer.any())) {
          @Override
          public void configure(HttpsParameters params) {
            connections.incrementAndGet(); // once per TLS connection
            params.setSSLParameters(SpiffeTls.serverParameters());
          }
        });
    server.setExecutor(executor);
    server.createContext("/.well-known/agent-card.json", this::card);
    server.createContext("/", this::call);
    server.start();
  }

  static FixtureServer start(IdentitySource identity) throws IOException {
    return new FixtureServer(identity);
  }

  URI address() {
    return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  int connections() {
    return connections.get();
  }

  int cardFetches() {
    return cardFetches.get();
  }

  List<Seen> requests() {
    return List.copyOf(requests);
  }

  /** Answers the next calls with these, in order, then with the fallback. */
  FixtureServer then(Responder... responders) {
    script.addAll(List.of(responders));
    return this;
  }

  /** Answers calls beyond the script with {@code responder} (default: echo). */
  FixtureServer always(Responder responder) {
    this.fallback = responder;
    return this;
  }

  /** Runs {@code hook} on every call before answering (e.g. to move a test clock). */
  FixtureServer onRequest(Runnable hook) {
    this.onRequest = hook;
    return this;
  }

  /** Serves an agent card whose skills are {@code capability -> idempotent}. */
  FixtureServer card(Map<String, Boolean> skills) {
    ObjectNode c = JSON.createObjectNode().put("name", "fixture").put("protocolVersion", "0.3.0");
    skills.forEach(
        (name, idempotent) ->
            c.withArray("skills")
                .addObject()
                .put("id", name)
                .put("name", name)
                .putObject("metadata")
                .put("weft.idempotent", idempotent));
    this.card = c;
    return this;
  }

  /** Answers with a JSON-RPC error. */
  static Responder error(ErrorCode code, String message) {
    return (exchange, seen) -> {
      ObjectNode answer = JSON.createObjectNode().put("jsonrpc", "2.0");
      answer.set("id", seen.body().get("id"));
      ObjectNode error = answer.putObject("error");
      error.put("code", code.jsonRpcCode()).put("message", message);
      error.putObject("data").put("weft.error", code.name());
      send(exchange, 200, answer);
    };
  }

  /** Answers {@code {"echo": params, "capability": name}} as an A2A message. */
  static void echo(HttpExchange exchange, Seen seen) throws IOException {
    ObjectNode answer = JSON.createObjectNode().put("jsonrpc", "2.0");
    answer.set("id", seen.body().get("id"));
    ObjectNode message = answer.putObject("result");
    message.put("kind", "message").put("role", "agent").put("messageId", "m-1");
    ObjectNode data = message.putArray("parts").addObject().put("kind", "data").putObject("data");
    data.set("echo", seen.params());
    data.put("capability", seen.capability());
    message.putObject("metadata").put("weft.capability", seen.capability());
    send(exchange, 200, answer);
  }

  private void call(HttpExchange exchange) throws IOException {
    try (exchange) {
      Map<String, String> headers = new TreeMap<>();
      exchange
          .getRequestHeaders()
          .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
      SpiffeId peer = SpiffeTls.peerId(((HttpsExchange) exchange).getSSLSession());
      Seen seen = new Seen(peer, headers, JSON.readTree(exchange.getRequestBody()));
      requests.add(seen);
      onRequest.run();
      Responder next = script.pollFirst();
      (next == null ? fallback : next).respond(exchange, seen);
    }
  }

  private void card(HttpExchange exchange) throws IOException {
    try (exchange) {
      cardFetches.incrementAndGet();
      JsonNode c = card;
      if (c == null) {
        exchange.sendResponseHeaders(404, -1);
      } else {
        send(exchange, 200, c);
      }
    }
  }

  private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
