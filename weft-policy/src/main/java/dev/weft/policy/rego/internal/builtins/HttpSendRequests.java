package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.value.BooleanValue;
import dev.weft.policy.rego.value.NumberValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** The client and request {@link HttpSend} builds from OPA's request object. */
final class HttpSendRequests {

  private HttpSendRequests() {}

  /** OPA's {@code parseTimeout}: nanoseconds as a number or string, or a Go duration. */
  static Duration timeout(ObjectValue req, Duration fallback) throws HttpSend.SendException {
    Value t = req.get("timeout");
    if (t == null) {
      return fallback;
    }
    long nanos;
    switch (t) {
      case NumberValue n -> {
        if (!n.isLong()) {
          throw new HttpSend.SendException(
              "invalid timeout number value " + n + ", must be int64", false, false);
        }
        nanos = n.longValue();
      }
      case StringValue s -> {
        if (s.value().matches("[+-]?[0-9]+")) {
          nanos = Long.parseLong(s.value());
        } else {
          try {
            nanos = GoDuration.parse(s.value());
          } catch (BuiltinException e) {
            throw new HttpSend.SendException(
                "invalid timeout value " + t + ": " + e.getMessage(), false, false);
          }
        }
      }
      default ->
          throw new HttpSend.SendException(
              "operand 1 'timeout' must be one of " + "{string, number} but got " + t.typeName(),
              false,
              true);
    }
    return nanos <= 0 ? fallback : Duration.ofNanos(nanos);
  }

  static int retries(ObjectValue req) throws HttpSend.SendException {
    Value v = req.get("max_retry_attempts");
    if (v == null) {
      return 0;
    }
    if (v instanceof NumberValue n && n.intValueExact() != null && n.intValueExact() >= 0) {
      return Math.min(n.intValueExact(), 10);
    }
    throw new HttpSend.SendException(
        "invalid value " + v + " for field \"max_retry_attempts\"", false, false);
  }

  private static boolean flag(ObjectValue req, String name) throws HttpSend.SendException {
    Value v = req.get(name);
    if (v == null) {
      return false;
    }
    if (v instanceof BooleanValue b) {
      return b == BooleanValue.TRUE;
    }
    String text = v instanceof StringValue s ? s.value() : v.toString();
    return switch (text) {
      case "1", "t", "T", "TRUE", "true", "True" -> true;
      case "0", "f", "F", "FALSE", "false", "False" -> false;
      default ->
          throw new HttpSend.SendException(
              "strconv.ParseBool: parsing " + GoQuote.quote(text) + ": invalid syntax",
              false,
              false);
    };
  }

  static HttpClient client(ObjectValue req, Duration timeout) throws HttpSend.SendException {
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(
                flag(req, "enable_redirect")
                    ? HttpClient.Redirect.NORMAL
                    : HttpClient.Redirect.NEVER);
    SSLContext tls = tls(req);
    if (tls != null) {
      b.sslContext(tls);
    }
    String serverName = HttpSend.string(req, "tls_server_name");
    if (serverName != null && !serverName.isEmpty()) {
      SSLParameters params = new SSLParameters();
      params.setServerNames(List.of(new SNIHostName(serverName)));
      b.sslParameters(params);
    }
    return b.build();
  }

  private static SSLContext tls(ObjectValue req) throws HttpSend.SendException {
    boolean insecure = flag(req, "tls_insecure_skip_verify");
    String ca = pemSource(req, "tls_ca_cert");
    String cert = pemSource(req, "tls_client_cert");
    String key = pemSource(req, "tls_client_key");
    Value system = req.get("tls_use_system_certs");
    if (!insecure && ca == null && (cert == null || key == null)) {
      return null;
    }
    try {
      TrustManager[] trust = null;
      if (insecure) {
        trust = new TrustManager[] {new TrustAll()};
      } else if (ca != null) {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int i = 0;
        for (X509Certificate c : X509Builtins.parse(ca)) {
          store.setCertificateEntry("ca" + i++, c);
        }
        if (system == null || system == BooleanValue.TRUE) {
          TrustManagerFactory def =
              TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
          def.init((KeyStore) null);
          for (TrustManager tm : def.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
              for (X509Certificate c : x.getAcceptedIssuers()) {
                store.setCertificateEntry("sys" + i++, c);
              }
            }
          }
        }
        TrustManagerFactory tmf =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        trust = tmf.getTrustManagers();
      }
      KeyManagerFactory kmf = null;
      if (cert != null && key != null) {
        kmf = clientKeys(cert, key);
      }
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf == null ? null : kmf.getKeyManagers(), trust, new SecureRandom());
      return ctx;
    } catch (GeneralSecurityException | java.io.IOException | BuiltinException e) {
      throw new HttpSend.SendException(e.getMessage(), false, false);
    }
  }

  private static KeyManagerFactory clientKeys(String certPem, String keyPem)
      throws GeneralSecurityException, java.io.IOException, BuiltinException {
    List<X509Certificate> chain = X509Builtins.parse(certPem);
    Pem.Decoded d = Pem.decode(keyPem);
    if (d.block() == null) {
      throw BuiltinException.failure("tls: failed to find any PEM data in key input");
    }
    GoKeys.Parsed key = GoKeys.parse(d.block().type(), d.block().bytes());
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    char[] password = new char[0];
    store.setKeyEntry("client", key.key(), password, chain.toArray(new X509Certificate[0]));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store, password);
    return kmf;
  }

  /** A PEM text given inline, in a file, or in an environment variable, or null. */
  private static String pemSource(ObjectValue req, String base) throws HttpSend.SendException {
    String inline = HttpSend.string(req, base);
    if (inline != null) {
      return inline;
    }
    String file = HttpSend.string(req, base + "_file");
    if (file != null) {
      try {
        return Files.readString(Path.of(file), StandardCharsets.UTF_8);
      } catch (java.io.IOException | RuntimeException e) {
        throw new HttpSend.SendException(
            "open " + file + ": no such file or directory", false, false);
      }
    }
    String env = HttpSend.string(req, base + "_env_variable");
    return env == null ? null : System.getenv().getOrDefault(env, "");
  }

  static HttpRequest request(ObjectValue req, String method, URI uri, Duration timeout)
      throws HttpSend.SendException {
    HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
    String raw = HttpSend.string(req, "raw_body");
    if (raw != null) {
      body = HttpRequest.BodyPublishers.ofString(raw);
    } else if (req.get("body") != null) {
      try {
        body = HttpRequest.BodyPublishers.ofString(GoJsonWriter.write(req.get("body")));
      } catch (BuiltinException e) {
        throw new HttpSend.SendException(e.getMessage(), false, false);
      }
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).method(method, body);
    boolean userAgent = false;
    Value headers = req.get("headers");
    if (headers != null) {
      if (!(headers instanceof ObjectValue hs)) {
        throw new HttpSend.SendException("invalid type for headers key", false, false);
      }
      for (Map.Entry<Value, Value> e : hs.entrySet()) {
        String name = e.getKey() instanceof StringValue s ? s.value() : e.getKey().toString();
        if (!(e.getValue() instanceof StringValue v)) {
          throw new HttpSend.SendException(
              "invalid type for headers value " + GoQuote.quote(name), false, false);
        }
        userAgent |= name.equalsIgnoreCase("user-agent");
        try {
          b.header(name, v.value());
        } catch (IllegalArgumentException ex) {
          throw new HttpSend.SendException(
              "header "
                  + GoQuote.quote(name)
                  + " cannot be set (expected: a header the client may send, not "
                  + name.toLowerCase(Locale.ROOT)
                  + ")",
              false,
              false);
        }
      }
    }
    if (!userAgent) {
      b.header("User-Agent", "Weft (Rego http.send)");
    }
    return b.build();
  }

  /** OPA's {@code tls_insecure_skip_verify}: any server certificate is accepted. */
  private static final class TrustAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
