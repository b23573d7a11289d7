package dev.weft.policy.opa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.policy.DecisionPath;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OpaConfigTest {

  static final String URL = "http://opa.opa.svc.cluster.local:8181";

  @Test
  void defaults() {
    OpaConfig c = OpaConfig.builder(URL, "agentweave/authz/federated").build();

    assertThat(c.url()).isEqualTo(URI.create(URL));
    assertThat(c.policyPath()).isEqualTo(DecisionPath.parse("agentweave/authz/federated"));
    assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.requestTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.cacheMaxEntries()).isEqualTo(10_000);
    assertThat(c.cacheTtl()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.bearerToken()).isNull();
  }

  @Test
  void toStringNeverShowsTheToken() {
    OpaConfig c = OpaConfig.builder(URL, "a/b").bearerToken("s3cr3t").build();

    assertThat(c.toString())
        .doesNotContain("s3cr3t")
        .isEqualTo(
            "OpaConfig[url=http://opa.opa.svc.cluster.local:8181, policyPath=a/b,"
                + " connectTimeout=PT1S, requestTimeout=PT2S, cacheMaxEntries=10000,"
                + " cacheTtl=PT5S, bearerToken=(set, not shown)]");
  }

  @Test
  void badUrls() {
    assertThatThrownBy(() -> OpaConfig.builder("ftp://opa:21", "a").build())
        .hasMessage(
            "url: ftp://opa:21 (expected: an http or https URL without query or fragment, like"
                + " http://opa.opa.svc.cluster.local:8181)");
    assertThatThrownBy(() -> OpaConfig.builder("http://opa:8181?x=1", "a").build())
        .hasMessageStartingWith("url: http://opa:8181?x=1 (expected: ");
    assertThatThrownBy(() -> OpaConfig.builder("opa:8181", "a").build())
        .hasMessageStartingWith("url: opa:8181 (expected: ");
    assertThatThrownBy(() -> OpaConfig.builder("http://admin:pw@opa:8181", "a").build())
        .hasMessage("url: has user info (expected: none; set bearerToken to authenticate)");
    assertThatThrownBy(() -> OpaConfig.builder("http://a b", "a"))
        .hasMessage(
            "url: not a URI (expected: an http or https URL, like"
                + " http://opa.opa.svc.cluster.local:8181)")
        .hasNoCause();
  }

  @Test
  void badPath() {
    assertThatThrownBy(() -> OpaConfig.builder(URL, "a//b"))
        .hasMessage(
            "path: \"a//b\" (expected: names of letters, digits, _ or - separated by /, like"
                + " agentweave/authz/federated)");
  }

  @Test
  void badTimesAndSizes() {
    assertThatThrownBy(() -> OpaConfig.builder(URL, "a").connectTimeout(Duration.ZERO).build())
        .hasMessage("connectTimeout: PT0S (expected: > 0)");
    assertThatThrownBy(
            () -> OpaConfig.builder(URL, "a").requestTimeout(Duration.ofSeconds(-1)).build())
        .hasMessage("requestTimeout: PT-1S (expected: > 0)");
    assertThatThrownBy(() -> OpaConfig.builder(URL, "a").cacheTtl(Duration.ZERO).build())
        .hasMessage("cacheTtl: PT0S (expected: > 0)");
    assertThatThrownBy(() -> OpaConfig.builder(URL, "a").cacheMaxEntries(-1).build())
        .hasMessage("cacheMaxEntries: -1 (expected: >= 0)");
  }

  @Test
  void aBadTokenIsRejectedWithoutShowingIt() {
    assertThatThrownBy(() -> OpaConfig.builder(URL, "a").bearerToken("s3cr3t\r\nX: y").build())
        .hasMessage("bearerToken: (not shown) (expected: non-empty, visible ASCII without spaces)");
    assertThatThrownBy(() -> OpaConfig.builder(URL, "a").bearerToken("").build())
        .hasMessage("bearerToken: (not shown) (expected: non-empty, visible ASCII without spaces)");
  }
}
