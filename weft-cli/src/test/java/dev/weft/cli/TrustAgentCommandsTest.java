package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.testing.TempSockets;
import dev.weft.trust.config.NodeAgentConfig;
import dev.weft.trust.config.ServerConfig;
import dev.weft.trust.node.NodeAgent;
import dev.weft.trust.server.TrustServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code weft trust agent list|show|evict|ban} against a real trust server and a real node agent,
 * and usage errors of the trust commands (exit status 2, what was wrong and what is allowed).
 */
class TrustAgentCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String AGENT = "spiffe://example.org/weft/agent/node-a";

  private TempSockets dir;
  private TrustServer server;
  private NodeAgent agent;
  private String socket;

  @BeforeEach
  void start() throws Exception {
    dir = new TempSockets();
    server =
        TrustServer.start(
            ServerConfig.builder()
                .trustDomain(TrustDomain.parse("example.org"))
                .bindPort(0)
                .dataDir(dir.dir().resolve("server"))
                .socketPath(dir.socket("admin.sock"))
                .build(),
            TrustServer.Options.defaults().withTickInterval(Duration.ofSeconds(1)));
    socket = server.adminSocket().toString();
    Cli.Result token =
        Cli.run(
            "trust",
            "token",
            "generate",
            "--socket",
            socket,
            "--output",
            "json",
            "--spiffe-id",
            AGENT);
    agent =
        NodeAgent.start(
            NodeAgentConfig.builder()
                .trustDomain(TrustDomain.parse("example.org"))
                .serverAddress("127.0.0.1")
                .serverPort(server.nodeApiAddress().getPort())
                .socketPath(dir.socket("api.sock"))
                .dataDir(dir.dir().resolve("agent"))
                .insecureBootstrap(true)
                .joinToken(JSON.readTree(token.out()).get("token").asText())
                .build());
  }

  @AfterEach
  void stop() {
    agent.close();
    server.close();
    dir.close();
  }

  @Test
  void agentsAreListedShownBannedAndEvictedAsSpireDoes() throws Exception {
    Cli.Result list = Cli.run("trust", "agent", "list", "--socket", socket);
    assertThat(list.status()).as(list.err()).isZero();
    assertThat(list.out())
        .startsWith("Found 1 attested agent:\n\nSPIFFE ID         : " + AGENT + "\n")
        .contains("Banned            : false");

    Cli.Result show = Cli.run("trust", "agent", "show", "--socket", socket, "--spiffe-id", AGENT);
    assertThat(show.status()).as(show.err()).isZero();
    assertThat(show.out())
        .startsWith("Found an attested agent given its SPIFFE ID\n\nSPIFFE ID         : " + AGENT);

    Cli.Result ban = Cli.run("trust", "agent", "ban", "--socket", socket, "--spiffe-id", AGENT);
    assertThat(ban.status()).as(ban.err()).isZero();
    assertThat(ban.out()).isEqualTo("Agent banned successfully\n");
    JsonNode banned =
        JSON.readTree(
            Cli.run(
                    "trust",
                    "agent",
                    "show",
                    "--socket",
                    socket,
                    "--spiffe-id",
                    AGENT,
                    "--output",
                    "json")
                .out());
    assertThat(banned.get("banned").asBoolean()).isTrue();

    Cli.Result evict = Cli.run("trust", "agent", "evict", "--socket", socket, "--spiffe-id", AGENT);
    assertThat(evict.status()).as(evict.err()).isZero();
    assertThat(evict.out()).isEqualTo("Agent evicted successfully\n");
    assertThat(Cli.run("trust", "agent", "list", "--socket", socket).out())
        .isEqualTo("Found 0 attested agents:\n");

    Cli.Result gone = Cli.run("trust", "agent", "evict", "--socket", socket, "--spiffe-id", AGENT);
    assertThat(gone.status()).isEqualTo(1);
    assertThat(gone.err()).isEqualTo("weft: agent " + AGENT + ": not found (not found)\n");
  }

  @Test
  void aBadSpiffeIdIsAUsageError() {
    Cli.Result bad =
        Cli.run("trust", "agent", "ban", "--socket", socket, "--spiffe-id", "not-an-id");
    assertThat(bad.status()).isEqualTo(2);
    assertThat(bad.err()).contains("--spiffe-id: ");
  }

  @Test
  void anOutOfRangeTtlIsAUsageErrorSayingWhatIsAllowed() {
    for (String ttl :
        new String[] {"99999999999", "99999999999999999999999", "31d", "-5", "PT999999999999H"}) {
      Cli.Result r = Cli.run("trust", "token", "generate", "--socket", socket, "--ttl", ttl);
      assertThat(r.status()).as(ttl).isEqualTo(2);
      assertThat(r.err())
          .as(ttl)
          .contains(
              "\""
                  + ttl
                  + "\" (expected: seconds such as 3600, or a"
                  + " duration such as 24h, 30m, 90s, 1h30m, 500ms or PT1H, from 0 to 30 days)")
          .doesNotContain("Exception");
    }
  }

  @Test
  void createPrintsTheEntryWithoutAFoundHeader() {
    Cli.Result created =
        Cli.run(
            "trust",
            "entry",
            "create",
            "--socket",
            socket,
            "--spiffe-id",
            "spiffe://example.org/web",
            "--parent-id",
            AGENT,
            "--selector",
            "unix:uid:1000");
    assertThat(created.status()).as(created.err()).isZero();
    assertThat(created.out()).startsWith("Entry ID         : ").doesNotContain("Found");
  }
}
