package dev.weft.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.controller.api.ControllerClient;
import dev.weft.controller.api.ControllerClientException;
import dev.weft.controller.api.DomainView;
import dev.weft.controller.api.SegmentView;
import dev.weft.identity.spiffeid.SpiffeId;
import java.io.ByteArrayOutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON API over its local socket and over mutual TLS. */
class ApiTest {

  @TempDir Path dir;
  private ControllerFixture fixture;
  private Controller controller;
  private ControllerClient local;

  @BeforeEach
  void start() throws Exception {
    fixture = new ControllerFixture(dir);
    controller = fixture.start(fixture.config());
    local = fixture.closeLater(ControllerClient.overSocket(dir.resolve("controller.sock")));
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  private ControllerClient asCaller(String spiffeId) {
    return fixture.closeLater(
        ControllerClient.overTls(
            controller.apiAddress().orElseThrow(),
            fixture.federation.source(spiffeId),
            SpiffeId.parse(ControllerFixture.CONTROLLER_ID)));
  }

  @Test
  void theSocketIsTheOwnersOnly() throws Exception {
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("controller.sock"))))
        .isEqualTo("rw-------");
  }

  @Test
  void segmentsAndDomainsAreCreatedListedAndRemoved() throws Exception {
    SegmentView s = local.putSegment("tenant-b", "star", null);
    assertThat(s.topology()).isEqualTo("star");
    DomainView d = local.putDomain("cluster-c.test", "tenant-b");
    assertThat(d.segment()).isEqualTo("tenant-b");
    assertThat(local.segments())
        .extracting(SegmentView::name, SegmentView::domains)
        .contains(
            org.assertj.core.groups.Tuple.tuple(
                "default", List.of("cluster-a.test", "cluster-b.test")),
            org.assertj.core.groups.Tuple.tuple("tenant-b", List.of("cluster-c.test")));

    ControllerClientException used =
        (ControllerClientException)
            org.assertj.core.api.Assertions.catchThrowable(() -> local.removeSegment("tenant-b"));
    assertThat(used.status()).isEqualTo(409);
    assertThat(used).hasMessageContaining("is used by domains [cluster-c.test]");

    local.removeDomain("cluster-c.test");
    local.removeSegment("tenant-b");
    assertThat(local.segments()).extracting(SegmentView::name).containsExactly("default");
    assertThat(local.domains())
        .extracting(DomainView::name)
        .containsExactly("cluster-a.test", "cluster-b.test");
  }

  @Test
  void badRequestsGetClearErrors() {
    assertStatus(
        () -> local.putSegment("tenant-b", "ring", null), 400, "expected: mesh, star or pairs");
    assertStatus(() -> local.putSegment("tenant-b", "mesh", "hub-0"), 400, "only a star has one");
    assertStatus(
        () -> local.putSegment("bad name", "mesh", null), 400, "expected: 1-63 characters");
    assertStatus(() -> local.putDomain("cluster-c.test", "nowhere"), 404, "segment: nowhere");
    assertStatus(() -> local.removeSegment("default"), 409, "always exists");
    assertStatus(() -> local.addLink("a0", "b0"), 404, "node: \"a0\" (expected: a registered node");
    assertStatus(() -> local.addLink("a0", "a0"), 400, "two different nodes");
    assertStatus(() -> local.removeLink("a0", "b0"), 404, "link: a0 b0");
    assertStatus(() -> local.node("nobody"), 404, "node: \"nobody\"");
    assertStatus(() -> local.routes("nobody"), 404, "node: \"nobody\"");
    assertStatus(() -> local.raw("/v1/elsewhere"), 404, "path: \"/v1/elsewhere\"");
    assertStatus(() -> local.raw("/v1/routes?limit=5"), 400, "query: \"limit\" (expected: node)");
  }

  @Test
  void malformedAndOversizedBodiesAreRefused() throws Exception {
    Path socket = dir.resolve("controller.sock");
    assertThat(raw(socket, "POST", "/v1/segments", "{\"name\": \"x\", \"name\": \"y\"}"))
        .startsWith("HTTP/1.1 400")
        .contains("Duplicate field");
    assertThat(raw(socket, "POST", "/v1/segments", "{\"name\": \"x\", \"colour\": \"red\"}"))
        .startsWith("HTTP/1.1 400")
        .contains("colour");
    assertThat(raw(socket, "POST", "/v1/segments", "[1, 2")).startsWith("HTTP/1.1 400");
    assertThat(raw(socket, "PUT", "/v1/segments", "")).startsWith("HTTP/1.1 400");
    String big = "{\"name\": \"" + "x".repeat(2 << 20) + "\"}";
    assertThat(raw(socket, "POST", "/v1/segments", big)).startsWith("HTTP/1.1 413");
    assertThat(local.segments()).extracting(SegmentView::name).containsExactly("default");
  }

  @Test
  void overMutualTlsOperatorsOfTheControllersTrustDomainMayCallAndOthersMayNot() throws Exception {
    ControllerClient operator = asCaller("spiffe://admin.test/weft/user/alice");
    assertThat(operator.segments()).extracting(SegmentView::name).containsExactly("default");
    operator.putSegment("tenant-b", "mesh", null);

    ControllerClient node = asCaller("spiffe://cluster-a.test/fabric/slim-0");
    assertStatus(node::segments, 403, "rule operator");
    ControllerClient foreignUser = asCaller("spiffe://cluster-a.test/weft/user/bob");
    assertStatus(() -> foreignUser.removeSegment("tenant-b"), 403, "rule operator");
    assertThat(local.segments()).extracting(SegmentView::name).contains("tenant-b");
  }

  @Test
  void healthAndMetricsAreServed() throws Exception {
    assertThat(local.raw("/healthz").path("status").asText()).isEqualTo("ok");
    assertThat(raw(dir.resolve("controller.sock"), "GET", "/metrics", ""))
        .contains("controller_nodes_connected");
  }

  private static void assertStatus(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, int status, String message) {
    assertThatThrownBy(call)
        .isInstanceOf(ControllerClientException.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(((ControllerClientException) e).status()).isEqualTo(status));
  }

  private static String raw(Path socket, String method, String path, String body) throws Exception {
    byte[] payload = body.getBytes(StandardCharsets.UTF_8);
    try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      String head =
          method
              + " "
              + path
              + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n"
              + "Content-Length: "
              + payload.length
              + "\r\n\r\n";
      ByteBuffer out = ByteBuffer.allocate(head.length() + payload.length);
      out.put(head.getBytes(StandardCharsets.US_ASCII)).put(payload).flip();
      try {
        while (out.hasRemaining()) {
          ch.write(out);
        }
      } catch (java.io.IOException e) {
        // the server may answer 413 and close before reading the whole body
      }
      ByteArrayOutputStream in = new ByteArrayOutputStream();
      ByteBuffer buf = ByteBuffer.allocate(8192);
      try {
        while (ch.read(buf) >= 0) {
          buf.flip();
          in.write(buf.array(), 0, buf.limit());
          buf.clear();
        }
      } catch (java.io.IOException e) {
        // reset after the answer
      }
      return in.toString(StandardCharsets.UTF_8);
    }
  }
}
