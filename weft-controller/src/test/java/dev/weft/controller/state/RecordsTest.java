package dev.weft.controller.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The records check their fields when created, with messages in one format. */
class RecordsTest {
  static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

  @Test
  void segmentNamesAndHubsAreChecked() {
    assertThat(new SegmentRecord("east", TopologyMode.STAR, null).hub()).isNull();
    assertThatThrownBy(() -> new SegmentRecord("east west", TopologyMode.MESH, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("segment name: \"east west\" (expected: 1-63 characters of [A-Za-z0-9._-])");
    assertThatThrownBy(() -> new SegmentRecord("east", TopologyMode.MESH, "n1"))
        .hasMessage("segment east: hub: \"n1\" (expected: none in MESH mode; a hub is for STAR)");
    assertThatThrownBy(() -> new SegmentRecord("east", TopologyMode.STAR, "n/1"))
        .hasMessage("segment east: hub: \"n/1\" (expected: 1-63 characters of [A-Za-z0-9._-])");
    assertThatThrownBy(() -> new SegmentRecord("e".repeat(64), TopologyMode.PAIRS, null))
        .hasMessageStartingWith("segment name: \"eeee");
  }

  @Test
  void domainsNameTheirSegment() {
    assertThatThrownBy(() -> new DomainRecord("cluster-a", ""))
        .hasMessage(
            "domain cluster-a: segment: \"\" (expected: 1-63 characters of [A-Za-z0-9._-])");
    assertThatThrownBy(() -> new DomainRecord(null, "west"))
        .hasMessage("domain name: null (expected: 1-63 characters of [A-Za-z0-9._-])");
  }

  @Test
  void linksAreOrderedAndJoinTwoNodes() {
    LinkRecord link = new LinkRecord("n2", "n1");

    assertThat(link).isEqualTo(new LinkRecord("n1", "n2"));
    assertThat(link.a()).isEqualTo("n1");
    assertThat(link.peerOf("n1")).isEqualTo("n2");
    assertThat(link.peerOf("n2")).isEqualTo("n1");
    assertThatThrownBy(() -> link.peerOf("n3")).hasMessage("node: \"n3\" (expected: n1 or n2)");
    assertThatThrownBy(() -> new LinkRecord("n1", "n1"))
        .hasMessage("link: n1 to n1 (expected: two different nodes)");
  }

  @Test
  void nodeFieldsAreChecked() {
    NodeRecord ok =
        new NodeRecord("n1", "d", "spiffe://a.example/n1", "127.0.0.1:1", "", true, T, T);
    assertThat(ok.withConnection(false, T.plusSeconds(1)).lastSeen()).isEqualTo(T.plusSeconds(1));

    assertThatThrownBy(
            () -> new NodeRecord("n1", "d", "http://a.example/n1", "127.0.0.1:1", "", true, T, T))
        .hasMessage(
            "node n1: spiffeId: \"http://a.example/n1\" (expected: spiffe://<trust domain>/<path>)");
    assertThatThrownBy(
            () -> new NodeRecord("n1", "d", "spiffe://a.example/n1", "127.0.0.1", "", true, T, T))
        .hasMessage("node n1: localEndpoint: \"127.0.0.1\" (expected: host:port)");
    assertThatThrownBy(
            () ->
                new NodeRecord(
                    "n1", "d", "spiffe://a.example/n1", "127.0.0.1:1", "h:99999", true, T, T))
        .hasMessage(
            "node n1: externalEndpoint: \"h:99999\" (expected: host:port with a port of 0-65535)");
    assertThat(new NodeRecord("n1", "d", "spiffe://a.example/n1", "[::1]:0", "a:1", true, T, T))
        .isNotNull();
    assertThatThrownBy(
            () -> new NodeRecord("n1", "d", "spiffe://a.example/n1", "::1:80", "", true, T, T))
        .hasMessage("node n1: localEndpoint: \"::1:80\" (expected: host:port)");
    assertThatThrownBy(
            () -> new NodeRecord("n1", "d", "spiffe://a.example/n1", "h:+1", "", true, T, T))
        .hasMessage("node n1: localEndpoint: \"h:+1\" (expected: host:port)");
    String longHost = "h".repeat(300) + ":1";
    assertThatThrownBy(
            () ->
                new NodeRecord(
                    "n1", "d", "spiffe://a.example/n1", "127.0.0.1:1", longHost, true, T, T))
        .hasMessageEndingWith("(expected: host:port of at most 255 characters)");
    assertThatThrownBy(
            () -> new NodeRecord("n1", "d", "spiffe://a.example/n1", "h:1", "", true, null, T))
        .isInstanceOf(NullPointerException.class);
  }
}
