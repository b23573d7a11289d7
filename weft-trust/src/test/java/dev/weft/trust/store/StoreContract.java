package dev.weft.trust.store;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.testing.MutableClock;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.function.Executable;

/** Opens a store on a fresh database before each test, for the contracts that run on both. */
abstract class StoreContract {
  /** A clock with sub-millisecond digits, which the store truncates. */
  protected final MutableClock clock =
      new MutableClock(Instant.parse("2026-11-02T10:00:00.123456789Z"));

  protected StoreFixture fixture;
  protected DataStore store;

  abstract StoreFixture newFixture() throws Exception;

  @BeforeEach
  void openStore() throws Exception {
    fixture = newFixture();
    store = DataStore.open(fixture.connection(), clock);
  }

  @AfterEach
  void closeStore() throws Exception {
    if (store != null) {
      store.close();
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  /** Closes the store and opens the same database again, as a server restart does. */
  protected DataStore reopen() throws StoreException {
    store.close();
    store = DataStore.open(fixture.connection(), clock);
    return store;
  }

  /** The {@link StoreException} that {@code call} throws. */
  static StoreException failure(Executable call) {
    return assertThrows(StoreException.class, call);
  }
}
