package dev.weft.controller.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.identity.source.IdentitySource;
import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.identity.tls.PeerAuthorizer;
import dev.weft.identity.tls.SpiffeTls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Calls the controller's JSON API, over its local socket or over mutual TLS with an SVID. Every
 * call is one request; a refusal throws with the controller's message.
 */
public final class ControllerClient implements AutoCloseable {

  private static final int MAX_RESPONSE_BYTES = 64 << 20;
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Path socket;
  private final HttpClient http;
  private final String base;

  private ControllerClient(Path socket, HttpClient http, String base) {
    this.socket = socket;
    this.http = http;
    this.base = base;
  }

  /** A client of the controller's local admin socket. */
  public static ControllerClient overSocket(Path socket) {
    return new ControllerClient(socket, null, null);
  }

  /**
   * A client over mutual TLS: presents {@code identity}'s SVID and accepts only {@code
   * controller}'s, or any SVID of a trust domain it holds when {@code controller} is null.
   */
  public static ControllerClient overTls(
      InetSocketAddress address, IdentitySource identity, SpiffeId controller) {
    PeerAuthorizer authorizer =
        controller == null ? PeerAuthorizer.any() : PeerAuthorizer.exactly(controller);
    HttpClient http =
        HttpClient.newBuilder()
            .sslContext(SpiffeTls.clientContext(identity, authorizer))
            .sslParameters(SpiffeTls.clientParameters())
            .connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    String host = address.getHostString();
    return new ControllerClient(
        null,
        http,
        "https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort());
  }

  public ControllerView controller() throws ControllerClientException {
    return get("/v1/controller", new TypeReference<>() {});
  }

  public List<NodeView> nodes() throws ControllerClientException {
    return get("/v1/nodes", new TypeReference<>() {});
  }

  public NodeView node(String id) throws ControllerClientException {
    return get("/v1/nodes/" + encode(id), new TypeReference<>() {});
  }

  public void removeNode(String id) throws ControllerClientException {
    call("DELETE", "/v1/nodes/" + encode(id), null);
  }

  public List<RouteView> routes(String node) throws ControllerClientException {
    return get("/v1/routes" + nodeQuery(node), new TypeReference<>() {});
  }

  public List<ConnectionView> connections(String node) throws ControllerClientException {
    return get("/v1/connections" + nodeQuery(node), new TypeReference<>() {});
  }

  public List<SubscriptionView> subscriptions(String node) throws ControllerClientException {
    return get("/v1/subscriptions" + nodeQuery(node), new TypeReference<>() {});
  }

  public List<LinkView> links() throws ControllerClientException {
    return get("/v1/links", new TypeReference<>() {});
  }

  public LinkView addLink(String a, String b) throws ControllerClientException {
    return read(call("POST", "/v1/links", new LinkRequest(a, b)), new TypeReference<>() {});
  }

  public void removeLink(String a, String b) throws ControllerClientException {
    call("DELETE", "/v1/links/" + encode(a) + "/" + encode(b), null);
  }

  public List<SegmentView> segments() throws ControllerClientException {
    return get("/v1/segments", new TypeReference<>() {});
  }

  public SegmentView putSegment(String name, String topology, String hub)
      throws ControllerClientException {
    return read(
        call("POST", "/v1/segments", new SegmentRequest(name, topology, hub)),
        new TypeReference<>() {});
  }

  public void removeSegment(String name) throws ControllerClientException {
    call("DELETE", "/v1/segments/" + encode(name), null);
  }

  public List<DomainView> domains() throws ControllerClientException {
    return get("/v1/domains", new TypeReference<>() {});
  }

  public DomainView putDomain(String name, String segment) throws ControllerClientException {
    return read(
        call("POST", "/v1/domains", new DomainRequest(name, segment)), new TypeReference<>() {});
  }

  public void removeDomain(String name) throws ControllerClientException {
    call("DELETE", "/v1/domains/" + encode(name), null);
  }

  /** The raw JSON of a GET, for {@code --output json}. */
  public JsonNode raw(String path) throws ControllerClientException {
    return read(call("GET", path, null), new TypeReference<>() {});
  }

  private <T> T get(String path, TypeReference<T> type) throws ControllerClientException {
    return read(call("GET", path, null), type);
  }

  private static <T> T read(byte[] body, TypeReference<T> type) throws ControllerClientException {
    try {
      return Json.MAPPER.readValue(body, type);
    } catch (IOException e) {
      throw new ControllerClientException(
          0, "the controller's answer is not the expected JSON: " + e.getMessage(), e);
    }
  }

  private byte[] call(String method, String path, Object body) throws ControllerClientException {
    byte[] payload;
    try {
      payload = body == null ? new byte[0] : Json.MAPPER.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new ControllerClientException(0, "request: " + e.getMessage(), e);
    }
    Reply reply =
        socket != null ? overSocket(method, path, payload) : overTls(method, path, payload);
    if (reply.status >= 300) {
      String message;
      try {
        message = Json.MAPPER.readValue(reply.body, ErrorView.class).error();
      } catch (IOException e) {
        message = "HTTP " + reply.status;
      }
      throw new ControllerClientException(reply.status, message, null);
    }
    return reply.body;
  }

  private record Reply(int status, byte[] body) {}

  private Reply overTls(String method, String path, byte[] payload)
      throws ControllerClientException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(TIMEOUT)
            .header("Accept", "application/json");
    if (payload.length > 0) {
      request.header("Content-Type", "application/json");
    }
    request.method(
        method,
        payload.length == 0
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(payload));
    try {
      HttpResponse<byte[]> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Reply(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new ControllerClientException(0, "controller " + base + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ControllerClientException(0, "interrupted", e);
    }
  }

  /** HTTP/1.1 over the unix socket: one request, {@code Connection: close}, read to the end. */
  private Reply overSocket(String method, String path, byte[] payload)
      throws ControllerClientException {
    try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      String head =
          method
              + " "
              + path
              + " HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\nConnection: close\r\n"
              + (payload.length > 0 ? "Content-Type: application/json\r\n" : "")
              + "Content-Length: "
              + payload.length
              + "\r\n\r\n";
      ByteBuffer out = ByteBuffer.allocate(head.length() + payload.length);
      out.put(head.getBytes(StandardCharsets.US_ASCII)).put(payload).flip();
      while (out.hasRemaining()) {
        channel.write(out);
      }
      ByteArrayOutputStream in = new ByteArrayOutputStream();
      ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
      while (channel.read(buffer) >= 0) {
        buffer.flip();
        in.write(buffer.array(), 0, buffer.limit());
        buffer.clear();
        if (in.size() > MAX_RESPONSE_BYTES) {
          throw new ControllerClientException(
              0, "the controller's answer is over " + MAX_RESPONSE_BYTES + " bytes", null);
        }
      }
      return parse(in.toByteArray());
    } catch (IOException e) {
      throw new ControllerClientException(
          0, "controller socket " + socket + ": " + e.getMessage(), e);
    }
  }

  private static Reply parse(byte[] raw) throws ControllerClientException {
    int end = -1;
    for (int i = 0; i + 3 < raw.length; i++) {
      if (raw[i] == '\r' && raw[i + 1] == '\n' && raw[i + 2] == '\r' && raw[i + 3] == '\n') {
        end = i;
        break;
      }
    }
    if (end < 0) {
      throw new ControllerClientException(
          0, "the controller closed the socket without an answer", null);
    }
    String head = new String(raw, 0, end, StandardCharsets.US_ASCII);
    String[] lines = head.split("\r\n");
    String[] status = lines[0].split(" ", 3);
    if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
      throw new ControllerClientException(
          0, "the controller's answer is not HTTP: " + lines[0], null);
    }
    int code;
    try {
      code = Integer.parseInt(status[1]);
    } catch (NumberFormatException e) {
      throw new ControllerClientException(0, "the controller's answer is not HTTP: " + lines[0], e);
    }
    int length = raw.length - end - 4;
    for (String line : lines) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Math.min(length, Integer.parseInt(line.substring(15).trim()));
      }
    }
    byte[] body = new byte[length];
    System.arraycopy(raw, end + 4, body, 0, length);
    return new Reply(code, body);
  }

  private static String nodeQuery(String node) {
    return node == null ? "" : "?node=" + encode(node);
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public void close() {
    if (http != null) {
      http.close();
    }
  }
}
