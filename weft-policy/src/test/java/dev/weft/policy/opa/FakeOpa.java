package dev.weft.policy.opa;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** An OPA stand-in on 127.0.0.1: records each request and answers as the test says. */
final class FakeOpa implements AutoCloseable {

  /** One request as received. */
  record Received(
      String method, String path, String contentType, String authorization, String body) {}

  /**
   * An answer: a status and a body; {@code block} holds the answer until the server closes; {@code
   * streamBytes} above 0 sends that many bytes of a JSON answer (chunked, no length) and then holds
   * the rest until the server closes.
   */
  record Answer(int status, byte[] body, boolean block, long streamBytes) {
    Answer(int status, byte[] body, boolean block) {
      this(status, body, block, 0);
    }

    static Answer json(int status, String body) {
      return new Answer(status, body.getBytes(StandardCharsets.UTF_8), false);
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final CountDownLatch closing = new CountDownLatch(1);
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private volatile Answer answer = Answer.json(200, "{\"result\":true}");

  FakeOpa() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The base URL, e.g. {@code http://127.0.0.1:41234}. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Answers every later request with {@code status} and the JSON text {@code body}. */
  void answer(int status, String body) {
    answer = Answer.json(status, body);
  }

  /** Answers every later request with these bytes. */
  void answerBytes(int status, byte[] body) {
    answer = new Answer(status, body, false);
  }

  /**
   * Answers every later request with the first {@code bytes} of a JSON answer that never ends:
   * chunked, without a length, then silent until the server closes.
   */
  void streamEndlessly(long bytes) {
    answer = new Answer(200, new byte[0], false, bytes);
  }

  /** Holds every later request without answering until the server closes. */
  void block() {
    answer = new Answer(200, new byte[0], true);
  }

  List<Received> received() {
    return List.copyOf(received);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      received.add(
          new Received(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getRawPath(),
              exchange.getRequestHeaders().getFirst("Content-Type"),
              exchange.getRequestHeaders().getFirst("Authorization"),
              body));
      Answer a = answer;
      if (a.block()) {
        try {
          closing.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      if (a.streamBytes() > 0) {
        stream(exchange, a.streamBytes());
        return;
      }
      exchange.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(a.body());
      }
    }
  }

  private void stream(HttpExchange exchange, long bytes) throws IOException {
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    byte[] start = "{\"result\": [\"".getBytes(StandardCharsets.UTF_8);
    byte[] block = "a".repeat(64 * 1024).getBytes(StandardCharsets.UTF_8);
    try {
      out.write(start);
      for (long sent = 0; sent < bytes; sent += block.length) {
        out.write(block);
        out.flush();
      }
      closing.await();
    } catch (IOException e) {
      // the client hung up: what a capped client does
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    executor.close();
  }
}
