package dev.weft.trust.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConnectionStringTest {
  static final String EXPECTED =
      " (expected: a SQLite file path, jdbc:sqlite:<file> or"
          + " jdbc:postgresql://<host>:<port>/<database>)";

  @Test
  void filePathAndSqliteUrlAreSqlite() throws Exception {
    assertThat(ConnectionString.parse("data/datastore.sqlite3", null, null))
        .isEqualTo(new ConnectionString.Sqlite(Path.of("data/datastore.sqlite3")));
    assertThat(ConnectionString.parse("jdbc:sqlite:/var/lib/weft/x.db", null, null))
        .isEqualTo(new ConnectionString.Sqlite(Path.of("/var/lib/weft/x.db")));
  }

  @Test
  void postgresCredentialsAreTakenOutOfTheUrl() throws Exception {
    ConnectionString c =
        ConnectionString.parse(
            "jdbc:postgresql://db:5432/weft?user=weft&password=p%40ss&sslmode=require", null, null);

    assertThat(c)
        .isEqualTo(
            new ConnectionString.Postgres(
                "jdbc:postgresql://db:5432/weft?sslmode=require",
                Optional.of("weft"),
                Optional.of("p@ss")));
    assertThat(c.display()).isEqualTo("jdbc:postgresql://db:5432/weft?sslmode=require");
    assertThat(c.toString()).doesNotContain("p@ss");
  }

  @Test
  void explicitCredentialsOverrideTheUrls() throws Exception {
    assertThat(ConnectionString.parse("jdbc:postgresql://db/weft?user=a&password=b", "c", "d"))
        .isEqualTo(
            new ConnectionString.Postgres(
                "jdbc:postgresql://db/weft", Optional.of("c"), Optional.of("d")));
    assertThat(ConnectionString.parse("jdbc:postgresql://db/weft", null, null))
        .isEqualTo(
            new ConnectionString.Postgres(
                "jdbc:postgresql://db/weft", Optional.empty(), Optional.empty()));
  }

  @Test
  void unsupportedConnectionsAreInvalid() {
    assertInvalid("", "data store connection: empty" + EXPECTED);
    assertInvalid(
        "jdbc:mysql://db/weft?password=secret",
        "data store connection: \"jdbc:mysql:\" is not supported" + EXPECTED);
    assertInvalid(
        "postgresql://weft:secret@db/weft",
        "data store connection: \"postgresql:\" is not supported" + EXPECTED);
    assertInvalid(
        "jdbc:sqlite::memory:",
        "data store connection: \"jdbc:sqlite::memory:\" is not a file (an in-memory or URI"
            + " database is not supported)"
            + EXPECTED);
    assertInvalid(
        "jdbc:sqlite:file:x.db?mode=ro",
        "data store connection: \"jdbc:sqlite:file:x.db?mode=ro\" is not a file (an in-memory or"
            + " URI database is not supported)"
            + EXPECTED);
  }

  @Test
  void unreachablePostgresIsUnavailableWithoutThePassword() {
    StoreException e =
        assertThrows(
            StoreException.class,
            () ->
                DataStore.open(
                    "jdbc:postgresql://127.0.0.1:1/weft?user=weft&password=s3cret-Pw&connectTimeout=2",
                    Clock.systemUTC()));

    assertThat(e.kind()).isEqualTo(StoreException.Kind.UNAVAILABLE);
    assertThat(e.getMessage())
        .startsWith(
            "data store jdbc:postgresql://127.0.0.1:1/weft?connectTimeout=2: cannot connect: ")
        .doesNotContain("s3cret-Pw");
  }

  @Test
  void redactionReplacesThePassword() {
    assertThat(Redaction.redact("FATAL for pw hunter2 and hunter2", Optional.of("hunter2")))
        .isEqualTo("FATAL for pw *** and ***");
    assertThat(Redaction.redact("nothing", Optional.of(""))).isEqualTo("nothing");
    assertThat(Redaction.redact(null, Optional.empty())).isEmpty();
  }

  @Test
  void aConnectionRedactsItsOwnPassword() throws StoreException {
    assertThat(
            ConnectionString.parse("jdbc:postgresql://db/weft?password=hunter2", null, null)
                .redact("FATAL for hunter2"))
        .isEqualTo("FATAL for ***");
    assertThat(ConnectionString.parse("db.sqlite3", null, null).redact("hunter2"))
        .isEqualTo("hunter2");
  }

  private static void assertInvalid(String connection, String message) {
    StoreException e =
        assertThrows(StoreException.class, () -> DataStore.open(connection, Clock.systemUTC()));
    assertThat(e.kind()).isEqualTo(StoreException.Kind.INVALID);
    assertThat(e).hasMessage(message);
  }
}
