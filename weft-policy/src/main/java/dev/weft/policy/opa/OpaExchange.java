package dev.weft.policy.opa;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.identity.text.Quotes;
import dev.weft.policy.rego.value.Json;
import dev.weft.policy.rego.value.Value;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** One OPA server's Data API: {@code POST /v1/data/{path}} with {@code {"input": ...}}. */
final class OpaExchange implements AutoCloseable {

  /** The most of an answer that is read; a larger one is refused. */
  static final int MAX_RESPONSE_BYTES = 1 << 20;

  /** The most of an OPA error message quoted in a reason. */
  static final int MAX_ERROR_CHARS = 200;

  /** What came back: a result (null: undefined) or, when {@code error} is set, why none did. */
  record Outcome(Value result, String error) {}

  private final OpaConfig config;
  private final URI endpoint;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final HttpClient client;

  OpaExchange(OpaConfig config) {
    this.config = config;
    this.endpoint = URI.create(config.baseUrl() + "/v1/data/" + config.policyPath().slashPath());
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(config.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .executor(executor)
            .build();
  }

  /** Asks for the decision on {@code inputJson}; never throws. */
  Outcome post(String inputJson) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint)
            .timeout(config.requestTimeout())
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"input\":" + inputJson + "}", StandardCharsets.UTF_8));
    if (config.bearerToken() != null) {
      request.header("Authorization", "Bearer " + config.bearerToken());
    }
    CompletableFuture<HttpResponse<byte[]>> answer =
        client.sendAsync(
            request.build(),
            HttpResponse.BodyHandlers.limiting(
                HttpResponse.BodyHandlers.ofByteArray(), MAX_RESPONSE_BYTES));
    String opa = "OPA " + config.baseUrl();
    try {
      HttpResponse<byte[]> response =
          answer.get(config.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
      return read(opa, response.statusCode(), response.body());
    } catch (TimeoutException e) {
      answer.cancel(true);
      return failed(opa + " did not answer within " + config.requestTimeout());
    } catch (InterruptedException e) {
      answer.cancel(true);
      Thread.currentThread().interrupt();
      return failed("interrupted while waiting for " + opa);
    } catch (ExecutionException e) {
      return failed(describe(opa, e.getCause()));
    }
  }

  @Override
  public void close() {
    client.shutdownNow();
    client.close();
    executor.close();
  }

  private String describe(String opa, Throwable cause) {
    return switch (cause) {
      case HttpConnectTimeoutException t ->
          "could not connect to " + opa + " within " + config.connectTimeout();
      case HttpTimeoutException t -> opa + " did not answer within " + config.requestTimeout();
      case ConnectException c ->
          "could not connect to " + opa + (c.getMessage() == null ? "" : ": " + c.getMessage());
      case IOException io when io.getMessage() != null && io.getMessage().contains("capacity") ->
          opa + " answered with more than " + MAX_RESPONSE_BYTES + " bytes";
      default ->
          "request to "
              + opa
              + " failed: "
              + cause.getClass().getSimpleName()
              + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    };
  }

  private static Outcome read(String opa, int status, byte[] body) {
    JsonNode json;
    try {
      json = Json.mapper().readTree(body);
    } catch (IOException e) {
      json = null; // not quoted: the body could be anything, of any size
    }
    boolean object = json != null && json.isObject();
    if (status != 200) {
      String detail = "";
      if (object && json.path("code").isTextual()) {
        detail = ": " + Quotes.escape(json.path("code").asText(), MAX_ERROR_CHARS);
        if (json.path("message").isTextual()) {
          detail += ": " + Quotes.escape(json.path("message").asText(), MAX_ERROR_CHARS);
        }
      }
      return failed(opa + " answered HTTP " + status + detail);
    }
    if (!object) {
      return failed(
          opa
              + " answered HTTP 200 with a body that is not a JSON object ("
              + body.length
              + " bytes)");
    }
    JsonNode result = json.get("result");
    return new Outcome(result == null ? null : Json.toValue(result), null);
  }

  private static Outcome failed(String why) {
    return new Outcome(null, "denied: " + why);
  }
}
