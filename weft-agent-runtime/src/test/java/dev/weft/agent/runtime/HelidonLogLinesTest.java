package dev.weft.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.agent.observability.ObservabilityConfig;
import dev.weft.agent.observability.ObservabilityConfig.LogFormat;
import dev.weft.agent.server.AgentServer;
import dev.weft.config.LogLevel;
import dev.weft.identity.bundle.BundleSet;
import dev.weft.identity.bundle.TrustBundle;
import dev.weft.identity.source.IdentitySnapshot;
import dev.weft.identity.source.SwappableIdentitySource;
import dev.weft.identity.spiffeid.TrustDomain;
import dev.weft.identity.svid.X509Svid;
import dev.weft.testing.CertBuilder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Helidon logs through java.util.logging; an agent's JSON log must carry those lines too. */
class HelidonLogLinesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  @AfterEach
  void restoreLogback() throws Exception {
    var context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    new ContextInitializer(context).autoConfig();
  }

  @Test
  void helidonsLinesAreJsonInTheConfiguredFormat() throws Exception {
    JsonLogging.install(
        new ObservabilityConfig.Logging(LogLevel.INFO, LogFormat.JSON, Map.of("cloud", "aws")),
        out);
    CertBuilder.Issued root = CertBuilder.selfSignedCa("a.org").build();
    CertBuilder.Issued leaf = CertBuilder.svid("spiffe://a.org/agent/a").issuer(root).build();
    var source =
        SwappableIdentitySource.of(
            new IdentitySnapshot(
                X509Svid.of(List.of(leaf.cert()), leaf.privateKey(), ""),
                BundleSet.of(
                    List.of(
                        TrustBundle.ofX509(TrustDomain.parse("a.org"), List.of(root.cert()))))));

    // Starting and stopping a server makes Helidon log (INFO) through java.util.logging.
    AgentServer.builder().identity(source).host("127.0.0.1").port(0).build().start().close();

    List<JsonNode> lines = new ArrayList<>();
    for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
      lines.add(JSON.readTree(line)); // every line is JSON
    }
    assertThat(lines)
        .filteredOn(l -> l.path("logger_name").asText().startsWith("io.helidon"))
        .isNotEmpty()
        .allSatisfy(
            l -> {
              assertThat(l.path("cloud").asText()).isEqualTo("aws");
              assertThat(l.path("message").asText()).isNotEmpty();
            });
  }
}
