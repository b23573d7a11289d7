package dev.weft.trust.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.identity.spiffeid.SpiffeId;
import dev.weft.testing.MutableClock;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What only SQLite has: a file, WAL mode, several stores (processes) on one file. */
class SqliteSpecificsTest {
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-02T10:00:00Z"));
  final SqliteFixture fixture = newFixture();

  static SqliteFixture newFixture() {
    try {
      return new SqliteFixture();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @AfterEach
  void deleteFile() throws Exception {
    fixture.close();
  }

  @Test
  void createsParentDirectoriesAndUsesWalMode() throws Exception {
    assertThat(fixture.file().getParent()).doesNotExist();

    try (DataStore store = DataStore.open("jdbc:sqlite:" + fixture.file(), clock)) {
      assertThat(store.revision()).isZero();
      assertThat(fixture.file()).exists();
      try (Connection c = fixture.raw();
          ResultSet rs = c.createStatement().executeQuery("PRAGMA journal_mode")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("wal");
      }
    }
  }

  @Test
  void migrationIsRecordedOnceAcrossReopens() throws Exception {
    DataStore.open(fixture.connection(), clock).close();
    DataStore.open(fixture.connection(), clock).close();

    try (Connection c = fixture.raw();
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT version, success FROM"
                        + " flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank")) {
      for (String version : new String[] {"1", "2", "3", "4", "5"}) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo(version);
        assertThat(rs.getBoolean(2)).isTrue();
      }
      assertThat(rs.next()).isFalse();
    }
  }

  @Test
  void directoryThatCannotBeCreatedIsUnavailable() throws Exception {
    Files.createDirectories(fixture.file().getParent().getParent());
    Files.writeString(fixture.file().getParent(), "a file where the directory should be");

    StoreException e =
        assertThrows(StoreException.class, () -> DataStore.open(fixture.connection(), clock));

    assertThat(e.kind()).isEqualTo(StoreException.Kind.UNAVAILABLE);
    assertThat(e.getMessage())
        .startsWith(
            "data store "
                + fixture.file()
                + ": cannot create directory "
                + fixture.file().getParent()
                + ": ");
  }

  @Test
  void twoStoresOnOneFileConsumeATokenOnce() throws Exception {
    SpiffeId agent = SpiffeId.parse("spiffe://example.org/agent");
    try (DataStore a = DataStore.open(fixture.connection(), clock);
        DataStore b = DataStore.open(fixture.connection(), clock);
        ExecutorService pool = Executors.newFixedThreadPool(4)) {
      for (int t = 0; t < 20; t++) {
        String hash = "token-" + t;
        a.createJoinToken(new JoinTokenRecord(hash, agent, Instant.parse("2027-01-01T00:00:00Z")));
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (DataStore store : List.of(a, b, a, b)) {
          results.add(
              pool.submit(
                  () -> {
                    start.await();
                    try {
                      store.consumeJoinToken(hash, clock.instant());
                      return true;
                    } catch (StoreException e) {
                      assertThat(e.kind()).isEqualTo(StoreException.Kind.NOT_FOUND);
                      return false;
                    }
                  }));
        }
        start.countDown();
        int won = 0;
        for (Future<Boolean> r : results) {
          won += r.get() ? 1 : 0;
        }
        assertThat(won).as(hash).isEqualTo(1);
      }
    }
  }
}
