package dev.weft.agent.server;

import io.a2a.client.http.A2AHttpClient;
import io.a2a.client.http.A2AHttpResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The A2A SDK's HTTP seam over a JDK client that has a SPIFFE SSLContext (the SDK's own {@code
 * JdkA2AHttpClient} cannot take one). The SDK's client logic (JSON-RPC, card, events) is unchanged.
 */
final class SpiffeA2aHttpClient implements A2AHttpClient {

  private final HttpClient http;

  SpiffeA2aHttpClient(HttpClient http) {
    this.http = http;
  }

  @Override
  public GetBuilder createGet() {
    return new Get();
  }

  @Override
  public PostBuilder createPost() {
    return new Post();
  }

  @Override
  public DeleteBuilder createDelete() {
    return new Delete();
  }

  private abstract class Request<T> {
    private String url;
    private final Map<String, String> headers = new LinkedHashMap<>();
    String body = "";

    abstract T self();

    public T url(String newUrl) {
      this.url = newUrl;
      return self();
    }

    public T addHeaders(Map<String, String> more) {
      headers.putAll(more);
      return self();
    }

    public T addHeader(String name, String value) {
      headers.put(name, value);
      return self();
    }

    HttpRequest build(String method) {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
      headers.forEach(b::header);
      return switch (method) {
        case "POST" ->
            b.header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        case "DELETE" -> b.DELETE().build();
        default -> b.GET().build();
      };
    }

    A2AHttpResponse send(String method) throws IOException, InterruptedException {
      HttpResponse<String> response =
          http.send(build(method), HttpResponse.BodyHandlers.ofString());
      return new A2AHttpResponse() {
        @Override
        public int status() {
          return response.statusCode();
        }

        @Override
        public boolean success() {
          return response.statusCode() >= 200 && response.statusCode() < 300;
        }

        @Override
        public String body() {
          return response.body();
        }
      };
    }

    CompletableFuture<Void> sse(
        String method, Consumer<String> events, Consumer<Throwable> errors, Runnable done) {
      return http.sendAsync(build(method), HttpResponse.BodyHandlers.ofLines())
          .thenAccept(
              response -> {
                response
                    .body()
                    .filter(line -> line.startsWith("data:"))
                    .map(line -> line.substring("data:".length()).trim())
                    .filter(data -> !data.isEmpty())
                    .forEach(events);
                done.run();
              })
          .exceptionally(
              t -> {
                errors.accept(t);
                return null;
              });
    }
  }

  private final class Get extends Request<GetBuilder> implements GetBuilder {
    @Override
    GetBuilder self() {
      return this;
    }

    @Override
    public A2AHttpResponse get() throws IOException, InterruptedException {
      return send("GET");
    }

    @Override
    public CompletableFuture<Void> getAsyncSSE(
        Consumer<String> events, Consumer<Throwable> errors, Runnable done) {
      return sse("GET", events, errors, done);
    }
  }

  private final class Post extends Request<PostBuilder> implements PostBuilder {
    @Override
    PostBuilder self() {
      return this;
    }

    @Override
    public PostBuilder body(String newBody) {
      super.body = newBody;
      return this;
    }

    @Override
    public A2AHttpResponse post() throws IOException, InterruptedException {
      return send("POST");
    }

    @Override
    public CompletableFuture<Void> postAsyncSSE(
        Consumer<String> events, Consumer<Throwable> errors, Runnable done) {
      return sse("POST", events, errors, done);
    }
  }

  private final class Delete extends Request<DeleteBuilder> implements DeleteBuilder {
    @Override
    DeleteBuilder self() {
      return this;
    }

    @Override
    public A2AHttpResponse delete() throws IOException, InterruptedException {
      return send("DELETE");
    }
  }
}
