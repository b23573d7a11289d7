package dev.weft.trust.server;

import static dev.weft.trust.server.TrustPlane.TD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.proto.trust.v1.Entry;
import dev.weft.proto.trust.v1.GetBundleRequest;
import dev.weft.proto.trust.v1.ListEntriesRequest;
import dev.weft.proto.trust.v1.ListEntriesResponse;
import dev.weft.testing.MutableClock;
import dev.weft.trust.config.DataStoreConfig;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The trust server on PostgreSQL ({@code WEFT_TEST_POSTGRES_URL}, from {@code eval
 * "$(scripts/postgres-for-tests.sh)"}), in a schema of its own: state survives a restart. Skipped
 * without a database, except on CI, where it fails.
 */
class PostgresServerTest {
  private static final String URL_VARIABLE = "WEFT_TEST_POSTGRES_URL";

  private final MutableClock clock = MutableClock.startingNow();
  private String baseUrl;
  private String schema;
  private TrustPlane plane;

  @BeforeEach
  void start() throws Exception {
    baseUrl = System.getenv(URL_VARIABLE);
    if (baseUrl == null || baseUrl.isBlank()) {
      if ("true".equals(System.getenv("CI"))) {
        fail(
            URL_VARIABLE
                + " is not set, but CI=true requires the PostgreSQL tests: run"
                + " `eval \"$(scripts/postgres-for-tests.sh)\"` before the build");
      }
      assumeTrue(false, URL_VARIABLE + " is not set: PostgreSQL server test skipped");
    }
    schema = "weft_server_" + UUID.randomUUID().toString().replace("-", "");
    execute("CREATE SCHEMA " + schema);
    String url = baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    plane = TrustPlane.startServer(clock, b -> b.dataStore(DataStoreConfig.postgres(url)));
  }

  @AfterEach
  void stop() throws Exception {
    if (plane != null) {
      plane.close();
    }
    if (schema != null) {
      execute("DROP SCHEMA " + schema + " CASCADE");
    }
  }

  @Test
  void entriesAndTheBundleSurviveARestart() throws Exception {
    Entry created =
        plane.createEntry(
            Entry.newBuilder()
                .setSpiffeId(TD.idString() + "/web")
                .setParentId(TD.idString() + "/agent")
                .addSelectors("unix:uid:1000")
                .addDnsNames("web.example.org")
                .build());
    ListEntriesResponse entries =
        plane.admin().listEntries(ListEntriesRequest.getDefaultInstance());
    var bundle = plane.admin().getBundle(GetBundleRequest.getDefaultInstance());
    assertThat(Files.exists(plane.dir().resolve("server").resolve("datastore.sqlite3"))).isFalse();

    plane.stopServer();
    plane.startServer();

    ListEntriesResponse after = plane.admin().listEntries(ListEntriesRequest.getDefaultInstance());
    assertThat(after).isEqualTo(entries);
    assertThat(after.getEntriesList()).containsExactly(created);
    assertThat(plane.admin().getBundle(GetBundleRequest.getDefaultInstance())).isEqualTo(bundle);
    assertThat(count("registered_entries")).isEqualTo(1); // the state lives in the test's schema
    assertThat(count("bundles")).isEqualTo(1);
  }

  private long count(String table) throws Exception {
    try (Connection c = DriverManager.getConnection(baseUrl);
        Statement s = c.createStatement();
        var rows = s.executeQuery("SELECT count(*) FROM " + schema + "." + table)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private void execute(String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(baseUrl);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
