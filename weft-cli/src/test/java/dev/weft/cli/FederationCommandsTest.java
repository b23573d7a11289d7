package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.testing.TempSockets;
import dev.weft.trust.config.FederationConfig;
import dev.weft.trust.config.ServerConfig;
import dev.weft.trust.federation.BundleEndpointProfile;
import dev.weft.trust.federation.FederationRelationship;
import dev.weft.trust.server.TrustServer;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code weft trust federation ...} and {@code weft trust bundle list} against two real trust
 * servers: b.example federates with a.example through a.example's https_spiffe bundle endpoint,
 * bootstrapped with the PEM that {@code weft trust bundle show} prints on a.example; b.example's
 * configuration file also declares a relationship with c.example, which the CLI cannot change.
 */
class FederationCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String STATE = "State                    : ";
  private static final String DECLARED =
      "weft: federation relationship with c.example is declared in the server's"
          + " configuration file (change it there and restart) (invalid argument)\n";

  private TempSockets dir;
  private TrustServer a;
  private TrustServer b;
  private String aSocket;
  private String bSocket;
  private String aUrl;
  private FederationConfig bFederation;

  @BeforeEach
  void start() throws Exception {
    dir = new TempSockets();
    a = server("a.example", FederationConfig.none());
    aSocket = a.adminSocket().toString();
    aUrl = "https://127.0.0.1:" + a.bundleEndpointAddress().orElseThrow().getPort();
    FederationRelationship declared =
        new FederationRelationship(
            TrustDomain.parse("c.example"),
            URI.create("https://127.0.0.1:" + closedPort()),
            BundleEndpointProfile.HTTPS_WEB,
            Optional.empty(),
            Optional.empty(),
            FederationRelationship.Source.CONFIG);
    bFederation = FederationConfig.none().withFederatesWith(List.of(declared));
    b = server("b.example", bFederation);
    bSocket = b.adminSocket().toString();
  }

  @AfterEach
  void stop() {
    if (b != null) {
      b.close();
    }
    if (a != null) {
      a.close();
    }
    dir.close();
  }

  @Test
  void relationshipLifecycleWithJsonOutput() throws Exception {
    Cli.Result pem = Cli.run("trust", "bundle", "show", "--socket", aSocket);
    Path aPem = Files.writeString(dir.dir().resolve("a.pem"), pem.out());

    JsonNode created =
        relationship(
            ok(
                "trust",
                "federation",
                "create",
                "--socket",
                bSocket,
                "--output",
                "json",
                "--trust-domain",
                "a.example",
                "--bundle-endpoint-url",
                aUrl,
                "--bundle-endpoint-profile",
                "https_spiffe",
                "--endpoint-spiffe-id",
                "spiffe://a.example/weft/server",
                "--trust-bundle-path",
                aPem.toString()));
    assertThat(created.get("trust_domain").asText()).isEqualTo("a.example");
    assertThat(created.get("bundle_endpoint_url").asText()).isEqualTo(aUrl);
    assertThat(created.get("bundle_endpoint_profile").asText()).isEqualTo("https_spiffe");
    assertThat(created.get("endpoint_spiffe_id").asText())
        .isEqualTo("spiffe://a.example/weft/server");
    assertThat(created.get("has_bootstrap_bundle").asBoolean()).isTrue();
    assertThat(created.get("source").asText()).isEqualTo("api");

    JsonNode refreshed =
        relationship(
            ok(
                "trust",
                "federation",
                "refresh",
                "--socket",
                bSocket,
                "--id",
                "a.example",
                "--output",
                "json"));
    assertThat(refreshed.get("has_bundle").asBoolean()).isTrue();
    assertThat(refreshed.get("failing").asBoolean()).isFalse();
    assertThat(refreshed.get("bundle_sequence").asLong()).isEqualTo(1);
    assertThat(refreshed.get("last_success").isNull()).isFalse();

    JsonNode listed =
        JSON.readTree(ok("trust", "federation", "list", "--socket", bSocket, "--output", "json"))
            .get("relationships");
    assertThat(listed)
        .extracting(r -> r.get("trust_domain").asText() + "=" + r.get("source").asText())
        .containsExactly("a.example=api", "c.example=config");
    assertThat(ok("trust", "federation", "show", "--socket", bSocket, "--id", "a.example"))
        .contains(
            "Found 1 federation relationship",
            "Trust domain             : a.example",
            "Bundle endpoint profile  : https_spiffe",
            "Source                   : api",
            "Bundle sequence          : 1");

    // moved to where nothing listens: the refresh fails, says why, and exits 1
    String nowhere = "https://127.0.0.1:" + closedPort();
    JsonNode moved =
        relationship(
            ok(
                "trust",
                "federation",
                "update",
                "--socket",
                bSocket,
                "--id",
                "a.example",
                "--bundle-endpoint-url",
                nowhere,
                "--output",
                "json"));
    assertThat(moved.get("bundle_endpoint_url").asText()).isEqualTo(nowhere);
    assertThat(moved.get("endpoint_spiffe_id").asText())
        .isEqualTo("spiffe://a.example/weft/server"); // kept
    Cli.Result failed =
        Cli.run(
            "trust",
            "federation",
            "refresh",
            "--socket",
            bSocket,
            "--id",
            "a.example",
            "--output",
            "json");
    assertThat(failed.status()).isEqualTo(1);
    assertThat(failed.err())
        .isEqualTo(
            "weft: refresh of a.example failed: "
                + nowhere
                + ": cannot connect (connection refused or closed)\n");
    assertThat(relationship(failed.out()).get("failing").asBoolean()).isTrue();
    assertThat(relationship(failed.out()).get("has_bundle").asBoolean()).isTrue();
    ok(
        "trust",
        "federation",
        "update",
        "--socket",
        bSocket,
        "--id",
        "a.example",
        "--bundle-endpoint-url",
        aUrl);
    assertThat(
            relationship(
                    ok(
                        "trust",
                        "federation",
                        "refresh",
                        "--socket",
                        bSocket,
                        "--id",
                        "a.example",
                        "--output",
                        "json"))
                .get("failing")
                .asBoolean())
        .isFalse();

    assertThat(ok("trust", "federation", "delete", "--socket", bSocket, "--id", "a.example"))
        .isEqualTo("Federation relationship with a.example deleted\n");
    Cli.Result gone =
        Cli.run("trust", "federation", "show", "--socket", bSocket, "--id", "a.example");
    assertThat(gone.status()).isEqualTo(1);
    assertThat(gone.err())
        .isEqualTo("weft: federation relationship with a.example: not found (not found)\n");
    // the bundle stays, beside the local one
    assertThat(trustDomains(ok("trust", "bundle", "list", "--socket", bSocket, "--output", "json")))
        .containsExactly("b.example", "a.example");
  }

  @Test
  void showSaysWhetherTheRelationshipIsFailingNowAndARestartStartsFromTheCurrentState()
      throws Exception {
    Path aPem =
        Files.writeString(
            dir.dir().resolve("a.pem"),
            Cli.run("trust", "bundle", "show", "--socket", aSocket).out());
    ok(
        "trust",
        "federation",
        "create",
        "--socket",
        bSocket,
        "--trust-domain",
        "a.example",
        "--bundle-endpoint-url",
        aUrl,
        "--bundle-endpoint-profile",
        "https_spiffe",
        "--endpoint-spiffe-id",
        "spiffe://a.example/weft/server",
        "--trust-bundle-path",
        aPem.toString());
    ok("trust", "federation", "refresh", "--socket", bSocket, "--id", "a.example");
    assertThat(show("a.example")).contains(STATE + "ok\n").doesNotContain("Last error");

    String nowhere = "https://127.0.0.1:" + closedPort();
    ok(
        "trust",
        "federation",
        "update",
        "--socket",
        bSocket,
        "--id",
        "a.example",
        "--bundle-endpoint-url",
        nowhere);
    assertThat(
            Cli.run("trust", "federation", "refresh", "--socket", bSocket, "--id", "a.example")
                .status())
        .isEqualTo(1);
    assertThat(show("a.example"))
        .contains(
            STATE + "failing\n",
            "Last error               : "
                + nowhere
                + ": cannot connect (connection refused or closed)\n");

    // fetched again: ok now, and the error stays on record
    ok(
        "trust",
        "federation",
        "update",
        "--socket",
        bSocket,
        "--id",
        "a.example",
        "--bundle-endpoint-url",
        aUrl);
    ok("trust", "federation", "refresh", "--socket", bSocket, "--id", "a.example");
    assertThat(show("a.example")).contains(STATE + "ok\n", "Last error               : " + nowhere);

    // a restarted server shows this run's state, not the previous run's errors
    b.close();
    b = server("b.example", bFederation);
    await().atMost(Duration.ofSeconds(30)).until(() -> show("a.example").contains(STATE + "ok\n"));
    assertThat(show("a.example"))
        .doesNotContain("Last error")
        .contains("Bundle sequence          : 1\n");
    JsonNode json =
        relationship(
            ok(
                "trust",
                "federation",
                "show",
                "--socket",
                bSocket,
                "--id",
                "a.example",
                "--output",
                "json"));
    assertThat(json.get("state").asText()).isEqualTo("ok");
    assertThat(json.get("last_error").isNull()).isTrue();
  }

  @Test
  void bundleListShowsFederatedBundlesBesideTheLocalOne() throws Exception {
    Path aPem =
        Files.writeString(
            dir.dir().resolve("a.pem"),
            Cli.run("trust", "bundle", "show", "--socket", aSocket).out());
    ok(
        "trust",
        "federation",
        "create",
        "--socket",
        bSocket,
        "--trust-domain",
        "a.example",
        "--bundle-endpoint-url",
        aUrl,
        "--bundle-endpoint-profile",
        "https_spiffe",
        "--endpoint-spiffe-id",
        "spiffe://a.example/weft/server",
        "--trust-bundle-path",
        aPem.toString());
    ok("trust", "federation", "refresh", "--socket", bSocket, "--id", "a.example");

    JsonNode bundles =
        JSON.readTree(ok("trust", "bundle", "list", "--socket", bSocket, "--output", "json"))
            .get("bundles");
    assertThat(trustDomains(bundles.toString())).containsExactly("b.example", "a.example");
    JsonNode own =
        JSON.readTree(ok("trust", "bundle", "show", "--socket", aSocket, "--format", "spiffe"));
    assertThat(bundles.get(1).get("spiffe_bundle").get("keys")).isEqualTo(own.get("keys"));
    assertThat(bundles.get(1).get("x509_authorities_pem").asText())
        .isEqualTo(Files.readString(aPem));
    assertThat(bundles.get(0).get("x509_authorities_pem").asText())
        .isNotEqualTo(Files.readString(aPem));

    String text = ok("trust", "bundle", "list", "--socket", bSocket);
    assertThat(text).contains("* b.example", "* a.example", Files.readString(aPem));
    assertThat(text.indexOf("* b.example")).isLessThan(text.indexOf("* a.example"));
  }

  @Test
  void declaredRelationshipsAndBadFlagsAreRefusedClearly() throws Exception {
    Cli.Result update =
        Cli.run(
            "trust",
            "federation",
            "update",
            "--socket",
            bSocket,
            "--id",
            "c.example",
            "--bundle-endpoint-url",
            "https://bundles.c.example");
    assertThat(update.status()).isEqualTo(1);
    assertThat(update.err()).isEqualTo(DECLARED);
    Cli.Result delete =
        Cli.run("trust", "federation", "delete", "--socket", bSocket, "--id", "c.example");
    assertThat(delete.status()).isEqualTo(1);
    assertThat(delete.err()).isEqualTo(DECLARED);

    Cli.Result missing =
        Cli.run(
            "trust", "federation", "create", "--socket", bSocket, "--trust-domain", "d.example");
    assertThat(missing.status()).isEqualTo(2);
    assertThat(missing.err())
        .contains("federation create needs --bundle-endpoint-url and --bundle-endpoint-profile");
    Cli.Result web =
        Cli.run(
            "trust",
            "federation",
            "create",
            "--socket",
            bSocket,
            "--trust-domain",
            "d.example",
            "--bundle-endpoint-url",
            "https://bundles.d.example",
            "--bundle-endpoint-profile",
            "https_web",
            "--endpoint-spiffe-id",
            "spiffe://d.example/weft/server");
    assertThat(web.status()).isEqualTo(1);
    assertThat(web.err())
        .isEqualTo(
            "weft: relationship.endpoint_spiffe_id: spiffe://d.example/weft/server"
                + " (expected: none for https_web, which authenticates with Web PKI) (invalid argument)\n");

    JsonNode listed =
        JSON.readTree(ok("trust", "federation", "list", "--socket", bSocket, "--output", "json"))
            .get("relationships");
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).get("bundle_endpoint_url").asText()).startsWith("https://127.0.0.1:");
    for (String verb : new String[] {"create", "list", "show", "update", "delete", "refresh"}) {
      Cli.Result help = Cli.run("trust", "federation", verb, "--help");
      assertThat(help.status()).as(verb).isZero();
      assertThat(help.out()).startsWith("Usage: weft trust federation " + verb);
    }
  }

  private TrustServer server(String td, FederationConfig federation) throws Exception {
    return TrustServer.start(
        ServerConfig.builder()
            .trustDomain(TrustDomain.parse(td))
            .bindPort(0)
            .dataDir(dir.dir().resolve(td))
            .socketPath(dir.socket(td + ".sock"))
            .federation(
                federation
                    .withBundleEndpoint(FederationConfig.BundleEndpoint.spiffe("127.0.0.1", 0))
                    .withRefreshFloor(Duration.ofSeconds(1)))
            .build(),
        TrustServer.Options.defaults().withTickInterval(Duration.ofSeconds(1)));
  }

  private String show(String td) {
    return ok("trust", "federation", "show", "--socket", bSocket, "--id", td);
  }

  /** Runs the command, asserts it succeeded, and returns what it printed. */
  private static String ok(String... args) {
    Cli.Result r = Cli.run(args);
    assertThat(r.status()).as(String.join(" ", args) + ": " + r.err()).isZero();
    return r.out();
  }

  private static JsonNode relationship(String json) throws Exception {
    JsonNode relationships = JSON.readTree(json).get("relationships");
    assertThat(relationships).hasSize(1);
    return relationships.get(0);
  }

  private static List<String> trustDomains(String json) throws Exception {
    JsonNode node = JSON.readTree(json);
    JsonNode bundles = node.isArray() ? node : node.get("bundles");
    return java.util.stream.StreamSupport.stream(bundles.spliterator(), false)
        .map(b -> b.get("trust_domain").asText())
        .toList();
  }

  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
