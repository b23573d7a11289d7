package dev.weft.trust.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PostgresUrlTest {
  @Test
  void jdbcUrlIsKept() {
    assertThat(PostgresUrl.toJdbc("jdbc:postgresql://db:5432/weft?sslmode=require"))
        .contains("jdbc:postgresql://db:5432/weft?sslmode=require");
  }

  @Test
  void libpqUrlsAreConverted() {
    assertThat(
            PostgresUrl.toJdbc(
                "postgresql://weft:p%40ss%2Fw@db.example.com:5433/weft?sslmode=verify-full"))
        .contains(
            "jdbc:postgresql://db.example.com:5433/weft?user=weft&password=p%40ss%2Fw&sslmode=verify-full");
    assertThat(PostgresUrl.toJdbc("postgres://weft@db/weft"))
        .contains("jdbc:postgresql://db/weft?user=weft");
    assertThat(PostgresUrl.toJdbc("postgresql://db1:5432,db2:5432/weft"))
        .contains("jdbc:postgresql://db1:5432,db2:5432/weft");
    assertThat(PostgresUrl.toJdbc("postgresql:///weft"))
        .contains("jdbc:postgresql://localhost/weft");
    assertThat(PostgresUrl.toJdbc("postgresql://u:a@b@db/weft"))
        .contains("jdbc:postgresql://db/weft?user=u&password=a%40b");
  }

  @Test
  void othersAreNotPostgresUrls() {
    assertThat(PostgresUrl.toJdbc("host=db dbname=weft")).isEmpty();
    assertThat(PostgresUrl.toJdbc("jdbc:postgresql://")).isEmpty();
    assertThat(PostgresUrl.toJdbc("mysql://db/weft")).isEmpty();
  }

  @Test
  void passwordsAreRedacted() {
    assertThat(PostgresUrl.redact("postgresql://weft:s3cret@db/weft"))
        .isEqualTo("postgresql://weft:***@db/weft");
    assertThat(PostgresUrl.redact("jdbc:postgresql://db/weft?user=u&password=s3cret&ssl=true"))
        .isEqualTo("jdbc:postgresql://db/weft?user=u&password=***&ssl=true");
    assertThat(PostgresUrl.redact("host=db password=s3cret user=u"))
        .isEqualTo("host=db password=*** user=u");
    assertThat(PostgresUrl.redact("postgresql://db:5432/weft"))
        .isEqualTo("postgresql://db:5432/weft");
    assertThat(PostgresUrl.redact("/var/lib/weft/datastore.sqlite3"))
        .isEqualTo("/var/lib/weft/datastore.sqlite3");
  }

  @Test
  void dataStoreConfigRejectsNonJdbcPostgres() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> DataStoreConfig.postgres("host=db password=s3cret"));
    assertThat(e)
        .hasMessage(
            "plugins.data_store.sql.connection_string: \"host=db password=***\" (expected:"
                + " a JDBC URL jdbc:postgresql://host:port/database or a URL postgresql://user:password@host:port/database)");
    assertThat(DataStoreConfig.sqlite(java.nio.file.Path.of("/x.db")).toString())
        .isEqualTo("DataStoreConfig[databaseType=sqlite3, connectionString=/x.db]");
  }
}
