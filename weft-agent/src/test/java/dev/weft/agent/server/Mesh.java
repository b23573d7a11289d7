package dev.weft.agent.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.identity.bundle.BundleSet;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.source.IdentitySnapshot;
import dev.weft.identity.source.SwappableIdentitySource;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.identity.svid.SvidException;
import dev.weft.identity.svid.X509Svid;
import dev.weft.identity.tls.PeerAuthorizer;
import dev.weft.identity.tls.SpiffeTls;
import dev.weft.testing.CertBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Test trust domains, SVIDs and an mTLS HTTP client for the agent server tests. */
final class Mesh {

  static final ObjectMapper JSON = new ObjectMapper();

  /** A trust domain with its own root. */
  record Domain(TrustDomain trustDomain, CertBuilder.Issued root) {
    static Domain create(String name) {
      return new Domain(TrustDomain.parse(name), CertBuilder.selfSignedCa(name).build());
    }

    SpiffeId id(String path) {
      return trustDomain.id(path);
    }

    X509Svid svid(String path) {
      CertBuilder.Issued leaf = CertBuilder.svid(id(path).toString()).issuer(root).build();
      try {
        return X509Svid.of(List.of(leaf.cert()), leaf.privateKey(), "");
      } catch (SvidException e) {
        throw new IllegalStateException(e);
      }
    }

    TrustBundle bundle() {
      return TrustBundle.ofX509(trustDomain, List.of(root.cert()));
    }
  }

  final Domain a = Domain.create("a.org");
  final Domain b = Domain.create("b.org");
  final Domain c = Domain.create("c.org");

  /** The server's source: a.org's SVID, bundles of a.org and b.org (federated), not c.org. */
  final SwappableIdentitySource server = source(a.svid("/agent/search"), a, b);

  final SpiffeId serverId = a.id("/agent/search");

  SwappableIdentitySource source(X509Svid svid, Domain... bundles) {
    return SwappableIdentitySource.of(
        new IdentitySnapshot(
            svid,
            BundleSet.of(
                java.util.Arrays.stream(bundles).distinct().map(Domain::bundle).toList())));
  }

  /** A client for {@code id} (whose SVID its domain issues), trusting a.org and b.org. */
  Client client(Domain domain, String path, HttpClient.Version version) {
    SwappableIdentitySource source = source(domain.svid(path), a, b, domain);
    HttpClient http =
        HttpClient.newBuilder()
            .sslContext(SpiffeTls.clientContext(source, PeerAuthorizer.exactly(serverId)))
            .version(version)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    return new Client(http);
  }

  /** A JDK HTTP client with a SPIFFE client context. */
  record Client(HttpClient http) implements AutoCloseable {

    HttpResponse<String> post(int port, String body, Map<String, String> headers)
        throws IOException, InterruptedException {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/"))
              .timeout(Duration.ofSeconds(30))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body));
      headers.forEach(request::header);
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
      return http.send(
          HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
              .timeout(Duration.ofSeconds(30))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }

    /** A {@code message/send} calling {@code capability} with {@code params}. */
    JsonNode call(int port, String capability, String params) throws Exception {
      return parse(post(port, send(1, capability, params), Map.of()).body());
    }

    @Override
    public void close() {
      // Not close(): it waits for event streams a test stopped reading.
      http.shutdownNow();
    }
  }

  static String send(Object id, String capability, String params) {
    return request(id, "message/send", capability, params);
  }

  static String request(Object id, String method, String capability, String params) {
    String idJson = id instanceof String s ? "\"" + s + "\"" : String.valueOf(id);
    return """
        {"jsonrpc": "2.0", "id": %s, "method": "%s", "params": {"message": {
          "kind": "message", "role": "user", "messageId": "m-1",
          "parts": [{"kind": "data", "data": %s}],
          "metadata": {"weft.capability": "%s"}}}}"""
        .formatted(idJson, method, params, capability);
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException(json, e);
    }
  }

  /** {@code node} with every {@code messageId} and {@code timestamp} field removed. */
  static JsonNode stable(JsonNode node) {
    JsonNode copy = node.deepCopy();
    strip(copy);
    return copy;
  }

  private static void strip(JsonNode node) {
    if (node instanceof ObjectNode o) {
      o.remove(List.of("messageId", "timestamp"));
    }
    node.forEach(Mesh::strip);
  }
}
