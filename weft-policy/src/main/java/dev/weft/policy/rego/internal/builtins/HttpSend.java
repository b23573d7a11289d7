package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.NetworkAccess;
import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.NullValue;
import dev.weft.policy.rego.value.NumberValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.SetValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code http.send(request)}: OPA's request object (method, url, headers, body or raw_body,
 * timeout, enable_redirect, raise_error, force_json_decode, force_yaml_decode, TLS options,
 * max_retry_attempts) and response object ({@code status status_code headers body raw_body}).
 * Refused unless the evaluation's {@link NetworkAccess} allows the host. Responses with cacheable
 * status codes, and errors, are cached for the rest of the query, as OPA's intra-query cache does;
 * there is no cache across queries. Bodies are capped at {@link NetworkAccess#maxResponseBytes()}.
 */
final class HttpSend {

  private static final Set<String> ALLOWED =
      Set.of(
          "method",
          "url",
          "body",
          "enable_redirect",
          "force_json_decode",
          "force_yaml_decode",
          "headers",
          "raw_body",
          "tls_use_system_certs",
          "tls_ca_cert",
          "tls_ca_cert_file",
          "tls_ca_cert_env_variable",
          "tls_client_cert",
          "tls_client_cert_file",
          "tls_client_cert_env_variable",
          "tls_client_key",
          "tls_client_key_file",
          "tls_client_key_env_variable",
          "tls_insecure_skip_verify",
          "tls_server_name",
          "timeout",
          "cache",
          "force_cache",
          "force_cache_duration_seconds",
          "raise_error",
          "caching_mode",
          "max_retry_attempts",
          "cache_ignored_headers");

  private static final Set<Integer> CACHEABLE =
      Set.of(200, 203, 204, 206, 300, 301, 404, 405, 410, 414, 501);

  /** A failed request: OPA's network error (a Go {@code url.Error}) or another one. */
  static final class SendException extends Exception {
    private static final long serialVersionUID = 1L;
    final boolean network;
    final boolean typeError;

    SendException(String message, boolean network, boolean typeError) {
      super(message, null, false, false);
      this.network = network;
      this.typeError = typeError;
    }
  }

  private record CacheKey(Value request) {}

  private record Cached(Value response, SendException error) {}

  private HttpSend() {}

  static Builtin builtin() {
    return new Fn("http.send", 1, HttpSend::send);
  }

  private static Value send(BuiltinContext ctx, Value[] args) throws BuiltinException {
    ObjectValue req = Operands.object(args[0], 1);
    Value raise = req.get("raise_error");
    if (raise != null && !(raise instanceof BooleanValue)) {
      throw BuiltinException.failure("invalid value for raise_error field");
    }
    boolean raiseError = raise == null || raise == BooleanValue.TRUE;
    try {
      return sendCached(ctx, req);
    } catch (SendException e) {
      if (raiseError) {
        throw e.typeError
            ? BuiltinException.typeError(e.getMessage())
            : BuiltinException.failure(e.getMessage());
      }
      return ObjectValue.builder()
          .put("status_code", NumberValue.ZERO)
          .put(
              "error",
              ObjectValue.builder()
                  .put(
                      "code",
                      StringValue.of(
                          e.network
                              ? "eval_http_send_network_error"
                              : "eval_http_send_internal_error"))
                  .put(
                      "message",
                      StringValue.of(e.network ? e.getMessage() : "http.send: " + e.getMessage()))
                  .build())
          .build();
    }
  }

  private static Value sendCached(BuiltinContext ctx, ObjectValue req) throws SendException {
    validate(req);
    CacheKey key = new CacheKey(cacheKey(req));
    if (ctx.cache().get(key) instanceof Cached c) {
      if (c.error != null) {
        throw c.error;
      }
      return c.response;
    }
    try {
      Response r = execute(ctx.network(), req);
      Value v = r.toValue(bool(req, "force_json_decode"), bool(req, "force_yaml_decode"));
      if (CACHEABLE.contains(r.status)) {
        ctx.cache().put(key, new Cached(v, null));
      }
      return v;
    } catch (SendException e) {
      ctx.cache().put(key, new Cached(null, e));
      throw e;
    }
  }

  private static void validate(ObjectValue req) throws SendException {
    Set<Value> invalid = new LinkedHashSet<>();
    for (Value k : req.keySet()) {
      if (!(k instanceof StringValue s) || !ALLOWED.contains(s.value())) {
        invalid.add(k);
      }
    }
    if (!invalid.isEmpty()) {
      throw new SendException(
          "operand 1 invalid request parameters(s): " + SetValue.of(invalid), false, true);
    }
    Set<Value> missing = new LinkedHashSet<>();
    for (String required : List.of("method", "url")) {
      if (req.get(required) == null) {
        missing.add(StringValue.of(required));
      }
    }
    if (!missing.isEmpty()) {
      throw new SendException(
          "operand 1 missing required request parameters(s): " + SetValue.of(missing), false, true);
    }
  }

  /** OPA's cache key: the request, with the headers named in cache_ignored_headers left out. */
  private static Value cacheKey(ObjectValue req) {
    Value ignored = req.get("cache_ignored_headers");
    ObjectValue.Builder key = ObjectValue.builder();
    for (Map.Entry<Value, Value> e : req.entrySet()) {
      key.put(e.getKey(), e.getValue());
    }
    if (ignored instanceof ArrayValue names && req.get("headers") instanceof ObjectValue headers) {
      ObjectValue.Builder kept = ObjectValue.builder();
      for (Map.Entry<Value, Value> e : headers.entrySet()) {
        if (!names.elements().contains(e.getKey())) {
          kept.put(e.getKey(), e.getValue());
        }
      }
      key.put("headers", kept.build());
    }
    key.put("cache_ignored_headers", NullValue.NULL);
    return key.build();
  }

  private static boolean bool(ObjectValue req, String name) throws SendException {
    Value v = req.get(name);
    if (v == null) {
      return false;
    }
    if (!(v instanceof BooleanValue b)) {
      throw new SendException("invalid value for \"" + name + "\" field", false, false);
    }
    return b == BooleanValue.TRUE;
  }

  static String string(ObjectValue req, String name) throws SendException {
    Value v = req.get(name);
    if (v == null) {
      return null;
    }
    if (!(v instanceof StringValue s)) {
      throw new SendException("\"" + name + "\" must be a string", false, false);
    }
    return s.value().replaceAll("^\"+|\"+$", "");
  }

  /** A response read whole (up to the cap). */
  record Response(int status, Map<String, List<String>> headers, byte[] body) {

    Value toValue(boolean forceJson, boolean forceYaml) {
      String text = new String(body, StandardCharsets.UTF_8);
      String contentType =
          headers.entrySet().stream()
              .filter(e -> e.getKey().equalsIgnoreCase("content-type"))
              .flatMap(e -> e.getValue().stream())
              .findFirst()
              .orElse("");
      Value decoded = NullValue.NULL;
      if (forceJson || isJson(contentType)) {
        Value v = GoJson.unmarshalQuietly(text);
        decoded = v == null ? NullValue.NULL : v;
      } else if (forceYaml
          || contentType.contains("application/yaml")
          || contentType.contains("application/x-yaml")) {
        try {
          decoded = YamlReader.read(text);
        } catch (BuiltinException e) {
          decoded = NullValue.NULL;
        }
      }
      ObjectValue.Builder hs = ObjectValue.builder();
      headers.forEach(
          (k, vs) -> {
            if (!k.startsWith(":")) {
              List<Value> values = new ArrayList<>();
              vs.forEach(v -> values.add(StringValue.of(v)));
              hs.put(k.toLowerCase(Locale.ROOT), ArrayValue.of(values));
            }
          });
      return ObjectValue.builder()
          .put("status", StringValue.of(HttpStatusText.status(status)))
          .put("status_code", NumberValue.of(status))
          .put("body", decoded)
          .put("raw_body", StringValue.of(text))
          .put("headers", hs.build())
          .build();
    }

    private static boolean isJson(String contentType) {
      String t = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
      int slash = t.indexOf('/');
      if (slash < 0 || t.indexOf('/', slash + 1) >= 0) {
        return false;
      }
      String sub = t.substring(slash + 1);
      return t.startsWith("application/") && (sub.equals("json") || sub.endsWith("+json"));
    }
  }

  /** The cause as Go's dialer words it where the JDK gives none. */
  private static String networkError(URI uri, IOException e) {
    int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    String where = uri.getHost() + ":" + port;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.ConnectException) {
        return "dial tcp " + where + ": connect: connection refused";
      }
      if (t instanceof java.net.UnknownHostException) {
        return "dial tcp: lookup " + uri.getHost() + ": no such host";
      }
    }
    Throwable cause = e;
    while (cause.getCause() != null && cause.getMessage() == null) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }

  private static Response execute(NetworkAccess access, ObjectValue req) throws SendException {
    String method = string(req, "method").toUpperCase(Locale.ROOT);
    String url = string(req, "url");
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new SendException("parse " + GoQuote.quote(url) + ": " + e.getMessage(), false, false);
    }
    if ("unix".equals(uri.getScheme())) {
      throw new SendException("unix socket URLs are not supported: " + url, false, false);
    }
    String host = uri.getHost() == null ? "" : uri.getHost().replaceAll("^\\[|\\]$", "");
    try {
      AllowNet.check(access, host);
    } catch (BuiltinException e) {
      throw new SendException(e.getMessage(), false, false);
    }
    Duration timeout = HttpSendRequests.timeout(req, access.timeout());
    int retries = HttpSendRequests.retries(req);
    HttpClient client = HttpSendRequests.client(req, timeout);
    HttpRequest request = HttpSendRequests.request(req, method, uri, timeout);
    String op = method.charAt(0) + method.substring(1).toLowerCase(Locale.ROOT);
    for (int attempt = 0; ; attempt++) {
      try {
        HttpResponse<InputStream> resp =
            client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = resp.body()) {
          byte[] body =
              in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, access.maxResponseBytes() + 1));
          if (body.length > access.maxResponseBytes()) {
            throw new SendException(
                "response body of "
                    + op
                    + " "
                    + GoQuote.quote(url)
                    + ": larger than "
                    + access.maxResponseBytes()
                    + " bytes (expected: at most "
                    + access.maxResponseBytes()
                    + ")",
                false,
                false);
          }
          return new Response(resp.statusCode(), resp.headers().map(), body);
        }
      } catch (HttpTimeoutException e) {
        if (attempt >= retries) {
          throw new SendException(op + " " + url + ": request timed out", true, false);
        }
      } catch (IOException e) {
        if (attempt >= retries) {
          throw new SendException(
              op + " " + GoQuote.quote(url) + ": " + networkError(uri, e), true, false);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SendException(op + " " + GoQuote.quote(url) + ": interrupted", true, false);
      }
      try {
        Thread.sleep(Math.min(60_000L, 100L << Math.min(attempt, 10)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SendException(op + " " + GoQuote.quote(url) + ": interrupted", true, false);
      }
    }
  }
}
