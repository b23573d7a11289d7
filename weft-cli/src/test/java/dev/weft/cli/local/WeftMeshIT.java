package dev.weft.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.identity.spiffeid.SpiffeId;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The default {@code weft up}, as processes: three federated trust domains and three agents under
 * seed 000's policy; the cross-cloud chain in one trace; the denied call with its reason; a printed
 * {@code weft call} command that works as printed; and nothing left after {@code down}.
 */
class WeftMeshIT {
  private static final Duration START = Duration.ofSeconds(240);
  private static final Pattern HOP =
      Pattern.compile("  hop (\\d)  (\\w+) +(\\w+) +caller (\\S+) +.* trace ([0-9a-f]{32})");
  private static final Pattern FABRIC_NODE =
      Pattern.compile(
          "^  (\\S+) +(spiffe://\\S+/fabric/node) +(127\\.0\\.0\\.1:\\d+)  admin (127\\.0\\.0\\.1:\\d+)$");
  private static final Pattern METRICS =
      Pattern.compile(" metrics (http://127\\.0\\.0\\.1:\\d+/metrics)$");

  private UpHarness up;
  private Path weftDir;

  @BeforeEach
  void setUp() {
    up = new UpHarness();
    weftDir = up.weftDir;
  }

  @AfterEach
  void tearDown() throws Exception {
    up.close();
  }

  @Test
  void upRunsTheMultiCloudMeshAndItsChain() throws Exception {
    Process weftUp = up.run("up", "--dir", weftDir.toString());
    List<String> out = UpHarness.linesUntil(weftUp, "  SPIFFE_ENDPOINT_SOCKET=", 4);

    assertThat(out)
        .anyMatch(l -> l.matches("aws\\.company\\.com SPIFFE_ENDPOINT_SOCKET=unix:///.*"));
    assertThat(out)
        .anyMatch(l -> l.matches("gcp\\.company\\.com SPIFFE_ENDPOINT_SOCKET=unix:///.*"));
    assertThat(out)
        .anyMatch(l -> l.matches("azure\\.company\\.com SPIFFE_ENDPOINT_SOCKET=unix:///.*"));

    List<String[]> hops = new ArrayList<>();
    for (String line : out) {
      Matcher m = HOP.matcher(line);
      if (m.find()) {
        hops.add(new String[] {m.group(2), m.group(3), m.group(4), m.group(5)});
      }
    }
    assertThat(hops)
        .extracting(h -> h[0] + " " + h[1])
        .containsExactly("aws cross_cloud_test", "gcp search", "azure search", "aws process");
    assertThat(hops)
        .extracting(h -> h[2])
        .containsExactly(
            "spiffe://aws.company.com/weft/user/" + LocalUser.pathSegment(),
            "spiffe://aws.company.com/agent/orchestrator",
            "spiffe://gcp.company.com/agent/search",
            "spiffe://azure.company.com/agent/processor");
    assertThat(hops).extracting(h -> h[3]).containsOnly(hops.getFirst()[3]);
    assertThat(out)
        .anyMatch(
            l ->
                l.startsWith("weft: denied as the policy says: ")
                    && l.contains("PERMISSION_DENIED: denied by agentweave/authz/federated/allow"));

    // Every agent prints its loopback metrics URL; the orchestrator's counts the chain's two runs.
    assertThat(out.stream().filter(l -> METRICS.matcher(l).find()).map(l -> l.trim().split(" ")[0]))
        .containsExactly("orchestrator", "search", "processor");
    Matcher metricsUrl =
        out.stream()
            .filter(l -> l.trim().startsWith("orchestrator "))
            .map(METRICS::matcher)
            .filter(Matcher::find)
            .findFirst()
            .orElseThrow();
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> metrics =
          http.send(
              HttpRequest.newBuilder(URI.create(metricsUrl.group(1)))
                  .timeout(Duration.ofSeconds(30))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(
              metrics
                  .body()
                  .lines()
                  .filter(l -> l.startsWith("weft_agent_requests_total{"))
                  .filter(l -> l.contains("capability=\"cross_cloud_test\""))
                  .filter(l -> l.contains("outcome=\"ok\""))
                  .filter(l -> l.contains("peer_trust_domain=\"aws.company.com\""))
                  .filter(l -> l.contains("cloud=\"aws\""))
                  .toList())
          .as("weft_agent_requests_total of the chain in:%n%s", metrics.body())
          .singleElement()
          .satisfies(l -> assertThat(l).endsWith(" 2.0"));
    }

    hostileCallerLeavesTheAgentServing(out, metricsUrl.group(1));

    // The printed example works as printed (run through a shell, environment and quotes included).
    String example =
        out.stream().filter(l -> l.contains("--capability ping")).findFirst().orElseThrow().trim();
    String command =
        example.replaceFirst(" \\S*weft call ", Matcher.quoteReplacement(" " + up.weft + " call "));
    String answer = up.shell(command, 0);
    assertThat(answer)
        .contains("\"capability\" : \"ping\"")
        .contains("\"caller\" : \"spiffe://aws.company.com/weft/user/");

    fabricLinksAndCarriesAcrossClouds(out);

    Process down = up.run("down", "--dir", weftDir.toString());
    assertThat(down.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(weftUp.waitFor(60, TimeUnit.SECONDS)).isTrue();
    try (Stream<Path> pids = Files.walk(weftDir)) {
      assertThat(pids.filter(p -> p.toString().endsWith(".pid")).toList()).isEmpty();
    }
  }

  /**
   * The three fabric nodes are up and each is linked to the two others (as {@code weft fabric node
   * list} shows them), and the printed {@code sub} in GCP receives what the printed {@code pub}
   * sends from AWS, both run through a shell as printed.
   */
  private void fabricLinksAndCarriesAcrossClouds(List<String> out) throws Exception {
    Map<String, String> admins = new LinkedHashMap<>();
    for (String line : out) {
      Matcher m = FABRIC_NODE.matcher(line);
      if (m.find()) {
        assertThat(m.group(2)).isEqualTo("spiffe://" + m.group(1) + "/fabric/node");
        admins.put(m.group(1), m.group(4));
      }
    }
    assertThat(admins.keySet())
        .containsExactly("aws.company.com", "gcp.company.com", "azure.company.com");
    for (Map.Entry<String, String> node : admins.entrySet()) {
      String listing =
          up.shell(up.weft + " fabric node list --admin " + node.getValue() + " --output json", 0);
      for (String td : admins.keySet()) {
        assertThat(listing)
            .as("node list of %s", node.getKey())
            .contains("spiffe://" + td + "/fabric/node");
      }
    }
    String printedList = UpHarness.printed(out, " fabric node list --admin ");
    assertThat(up.shell(up.command(printedList), 0))
        .contains("gcp.company.com", "azure.company.com");

    String sub = up.command(UpHarness.printed(out, " fabric sub "));
    String pub = up.command(UpHarness.printed(out, " fabric pub "));
    assertThat(sub)
        .contains(
            "SPIFFE_ENDPOINT_SOCKET=unix://" + weftDir.resolve("gcp.company.com").toAbsolutePath());
    assertThat(pub)
        .contains(
            "SPIFFE_ENDPOINT_SOCKET=unix://" + weftDir.resolve("aws.company.com").toAbsolutePath());
    assertThat(up.subThenPub(sub, pub))
        .isEqualTo("gcp.company.com/chat/room: hello from aws.company.com\n");
  }

  /**
   * Against the running orchestrator, a caller with a valid SVID sends 3,000 made-up capability
   * names, a 64 MiB body and 300 idle connections: the agent answers 413 for the body, still serves
   * a normal call, and its {@code /metrics} stays within a few KiB of where it was.
   */
  private void hostileCallerLeavesTheAgentServing(List<String> out, String metricsUrl)
      throws Exception {
    int port =
        out.stream()
            .filter(l -> l.trim().startsWith("orchestrator "))
            .map(l -> Pattern.compile("https://127\\.0\\.0\\.1:(\\d+)").matcher(l))
            .filter(Matcher::find)
            .map(m -> Integer.parseInt(m.group(1)))
            .findFirst()
            .orElseThrow();
    SpiffeId user = SpiffeId.parse("spiffe://aws.company.com/weft/user/" + LocalUser.pathSegment());
    SpiffeId orchestrator = SpiffeId.parse("spiffe://aws.company.com/agent/orchestrator");
    String before = scrape(metricsUrl);
    long pid =
        Long.parseLong(
            Files.readString(weftDir.resolve("aws.company.com/agents/orchestrator.pid")).trim());
    long rssBefore = residentKib(pid);
    List<Socket> idle = new ArrayList<>();
    try (HostileCaller hostile =
        new HostileCaller(
            weftDir.resolve("aws.company.com/public/api.sock").toAbsolutePath(),
            user,
            orchestrator,
            port)) {
      try (SSLSocket connection = hostile.open()) {
        for (int i = 0; i < 3000; i++) {
          assertThat(HostileCaller.call(connection, "made-up-" + i)).contains("\"error\"");
        }
      }
      try (SSLSocket connection = hostile.open()) {
        assertThat(HostileCaller.floodAndReadStatus(connection, 64L << 20))
            .startsWith("HTTP/1.1 413");
      }
      for (int i = 0; i < 150; i++) {
        idle.add(hostile.openPlain());
        idle.add(hostile.open());
      }
      try (SSLSocket connection = hostile.open()) {
        assertThat(HostileCaller.call(connection, "ping"))
            .startsWith("HTTP/1.1 200")
            .contains("\"result\"");
      }
    } finally {
      for (Socket s : idle) {
        s.close();
      }
    }
    String after = scrape(metricsUrl);
    System.out.printf(
        "hostile caller: orchestrator /metrics %d -> %d bytes, resident memory %d -> %d KiB%n",
        before.length(), after.length(), rssBefore, residentKib(pid));
    assertThat(after).doesNotContain("made-up");
    assertThat(after.length() - before.length())
        .as("growth of /metrics in bytes")
        .isLessThan(8 * 1024);
  }

  /** The resident set of a process, from /proc (VmRSS). */
  private static long residentKib(long pid) throws IOException {
    return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
        .filter(l -> l.startsWith("VmRSS:"))
        .map(l -> Long.parseLong(l.replaceAll("\\D", "")))
        .findFirst()
        .orElse(-1L);
  }

  private static String scrape(String url) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> metrics =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.statusCode()).isEqualTo(200);
      return metrics.body();
    }
  }
}
