package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.testing.CertBuilder;
import dev.weft.testing.TempSockets;
import dev.weft.trust.config.ServerConfig;
import dev.weft.trust.server.TrustServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin commands against a real trust server over its admin socket. */
class TrustCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TempSockets dir;
  private TrustServer server;
  private String socket;

  @BeforeEach
  void startServer() throws Exception {
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
  }

  @AfterEach
  void stop() {
    server.close();
    dir.close();
  }

  @Test
  void entryLifecycleWithJsonOutput() throws Exception {
    Cli.Result created =
        Cli.run(
            "trust",
            "entry",
            "create",
            "--socket",
            socket,
            "--output",
            "json",
            "--spiffe-id",
            "spiffe://example.org/web",
            "--parent-id",
            "spiffe://example.org/agent",
            "--selector",
            "unix:uid:1000",
            "--selector",
            "unix:gid:1000",
            "--ttl",
            "30m",
            "--dns",
            "web.example.org",
            "--federates-with",
            "partner.org");
    assertThat(created.status()).as(created.err()).isZero();
    JsonNode entry = JSON.readTree(created.out()).get("entries").get(0);
    String id = entry.get("id").asText();
    assertThat(entry.get("spiffe_id").asText()).isEqualTo("spiffe://example.org/web");
    assertThat(entry.get("selectors")).hasSize(2);
    assertThat(entry.get("x509_svid_ttl").asLong()).isEqualTo(1800);
    assertThat(entry.get("federates_with").get(0).asText()).isEqualTo("partner.org");

    Cli.Result updated =
        Cli.run(
            "trust",
            "entry",
            "update",
            "--socket",
            socket,
            "--id",
            id,
            "--dns",
            "www.example.org",
            "--output",
            "json");
    assertThat(updated.status()).as(updated.err()).isZero();
    JsonNode after = JSON.readTree(updated.out()).get("entries").get(0);
    assertThat(after.get("dns_names").get(0).asText()).isEqualTo("www.example.org");
    assertThat(after.get("selectors")).hasSize(2); // flags not given keep their value
    assertThat(after.get("revision").asLong()).isEqualTo(2);

    Cli.Result shown =
        Cli.run("trust", "entry", "show", "--socket", socket, "--selector", "unix:uid:1000");
    assertThat(shown.out())
        .contains(
            "Found 1 entry",
            "SPIFFE ID        : spiffe://example.org/web",
            "Selector         : unix:gid:1000",
            "DNS name         : www.example.org");

    assertThat(Cli.run("trust", "entry", "delete", "--socket", socket, "--id", id).status())
        .isZero();
    Cli.Result none = Cli.run("trust", "entry", "show", "--socket", socket, "--output", "json");
    assertThat(JSON.readTree(none.out()).get("entries")).isEmpty();
  }

  @Test
  void invalidEntryIsRejectedWholeNamingTheField() throws Exception {
    Cli.Result bad =
        Cli.run(
            "trust",
            "entry",
            "create",
            "--socket",
            socket,
            "--spiffe-id",
            "spiffe://other.org/web",
            "--parent-id",
            "spiffe://example.org/agent",
            "--selector",
            "unix:uid:1000",
            "--dns",
            "bad_name!");
    assertThat(bad.status()).isEqualTo(1);
    assertThat(bad.err())
        .startsWith("weft: ")
        .contains("entry.spiffe_id", "entry.dns_names[0]")
        .endsWith("(invalid argument)\n");
    Cli.Result malformed =
        Cli.run(
            "trust",
            "entry",
            "create",
            "--socket",
            socket,
            "--spiffe-id",
            "spiffe://example.org/a//b",
            "--parent-id",
            "spiffe://example.org/agent",
            "--selector",
            "unix:uid:1000");
    assertThat(malformed.err())
        .contains("entry.spiffe_id: invalid SPIFFE ID", "path segments may not be empty");
    Cli.Result list = Cli.run("trust", "entry", "show", "--socket", socket, "--output", "json");
    assertThat(JSON.readTree(list.out()).get("entries")).isEmpty();
  }

  @Test
  void missingRequiredFlagsAndUnknownEntry() {
    Cli.Result missing =
        Cli.run(
            "trust",
            "entry",
            "create",
            "--socket",
            socket,
            "--spiffe-id",
            "spiffe://example.org/x");
    assertThat(missing.status()).isEqualTo(2);
    assertThat(missing.err())
        .contains("entry create needs --spiffe-id, --parent-id and at least one --selector");
    Cli.Result unknown =
        Cli.run("trust", "entry", "delete", "--socket", socket, "--id", "no-such-id");
    assertThat(unknown.status()).isEqualTo(1);
    assertThat(unknown.err()).isEqualTo("weft: entry no-such-id: not found (not found)\n");
  }

  @Test
  void bundleShowSetListDelete() throws Exception {
    Cli.Result pem = Cli.run("trust", "bundle", "show", "--socket", socket);
    assertThat(pem.status()).isZero();
    assertThat(pem.out()).startsWith("-----BEGIN CERTIFICATE-----");
    Cli.Result spiffe =
        Cli.run("trust", "bundle", "show", "--socket", socket, "--format", "spiffe");
    JsonNode doc = JSON.readTree(spiffe.out());
    assertThat(doc.get("spiffe_sequence").asLong()).isEqualTo(1);
    assertThat(doc.get("keys")).hasSize(2);

    Path partnerPem = dir.dir().resolve("partner.pem");
    Files.writeString(
        partnerPem,
        dev.weft.identity.pem.Pem.writeCertificates(
            java.util.List.of(CertBuilder.selfSignedCa("partner.org").build().cert())));
    Cli.Result set =
        Cli.run(
            "trust",
            "bundle",
            "set",
            "--socket",
            socket,
            "--id",
            "spiffe://partner.org",
            "--path",
            partnerPem.toString());
    assertThat(set.status()).as(set.err()).isZero();
    assertThat(set.out()).isEqualTo("Bundle of partner.org set\n");

    Cli.Result list = Cli.run("trust", "bundle", "list", "--socket", socket, "--output", "json");
    JsonNode bundles = JSON.readTree(list.out()).get("bundles");
    assertThat(bundles).hasSize(2);
    assertThat(bundles.get(0).get("trust_domain").asText()).isEqualTo("example.org");
    assertThat(bundles.get(1).get("trust_domain").asText()).isEqualTo("partner.org");

    Cli.Result own =
        Cli.run(
            "trust",
            "bundle",
            "set",
            "--socket",
            socket,
            "--id",
            "example.org",
            "--path",
            partnerPem.toString());
    assertThat(own.status()).isEqualTo(1);
    assertThat(own.err())
        .contains("bundle.trust_domain: example.org is this server's own trust domain");

    Files.writeString(partnerPem, "not a pem");
    Cli.Result garbage =
        Cli.run(
            "trust",
            "bundle",
            "set",
            "--socket",
            socket,
            "--id",
            "partner.org",
            "--path",
            partnerPem.toString());
    assertThat(garbage.status()).isEqualTo(1);
    assertThat(garbage.err())
        .isEqualTo("weft: " + partnerPem + ": PEM: no CERTIFICATE block found\n");

    assertThat(
            Cli.run("trust", "bundle", "delete", "--socket", socket, "--id", "partner.org")
                .status())
        .isZero();
    Cli.Result after = Cli.run("trust", "bundle", "list", "--socket", socket, "--output", "json");
    assertThat(JSON.readTree(after.out()).get("bundles")).hasSize(1);
  }

  @Test
  void tokenHealthcheckAndAgentList() throws Exception {
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
            "spiffe://example.org/weft/agent/node-a",
            "--ttl",
            "5m");
    assertThat(token.status()).isZero();
    JsonNode t = JSON.readTree(token.out());
    assertThat(t.get("token").asText()).matches("[0-9a-f]{32}");
    assertThat(t.get("spiffe_id").asText()).isEqualTo("spiffe://example.org/weft/agent/node-a");

    Cli.Result health = Cli.run("trust", "healthcheck", "--socket", socket);
    assertThat(health.status()).isZero();
    assertThat(health.out()).startsWith("Server is healthy.\n");
    JsonNode h =
        JSON.readTree(
            Cli.run("trust", "healthcheck", "--socket", socket, "--output", "json").out());
    assertThat(h.get("trust_domain").asText()).isEqualTo("example.org");

    Cli.Result agents = Cli.run("trust", "agent", "list", "--socket", socket);
    assertThat(agents.out()).isEqualTo("Found 0 attested agents:\n");
  }

  @Test
  void unreachableServerIsAClearError() {
    Cli.Result r =
        Cli.run("trust", "healthcheck", "--socket", dir.socket("nothing.sock").toString());
    assertThat(r.status()).isEqualTo(3);
    assertThat(r.err())
        .startsWith("weft: admin socket ")
        .contains("does not exist (is the trust server running?");
  }

  @Test
  void everyCommandHasHelp() {
    for (String[] command :
        new String[][] {
          {"--help"},
          {"up", "--help"},
          {"down", "--help"},
          {"trust", "--help"},
          {"trust", "server", "run", "--help"},
          {"trust", "agent", "run", "--help"},
          {"trust", "agent", "api", "fetch", "x509", "--help"},
          {"trust", "entry", "create", "--help"},
          {"trust", "bundle", "set", "--help"},
          {"trust", "token", "generate", "--help"},
          {"trust", "healthcheck", "--help"}
        }) {
      Cli.Result r = Cli.run(command);
      assertThat(r.status()).as(String.join(" ", command)).isZero();
      assertThat(r.out()).startsWith("Usage: weft");
    }
  }
}
