package dev.weft.controller.state;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.testing.MutableClock;
import dev.weft.trust.store.StoreException;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.function.Executable;

/** Opens a store on a fresh database before each test, for the contracts that run on both. */
abstract class StateContract {
  static final Instant T = Instant.parse("2026-12-01T10:00:00.250Z");

  /** A clock with sub-millisecond digits, which the store truncates. */
  protected final MutableClock clock =
      new MutableClock(Instant.parse("2026-12-01T11:00:00.123456789Z"));

  protected StateFixture fixture;
  protected ControllerStore store;

  abstract StateFixture newFixture() throws Exception;

  @BeforeEach
  void openStore() throws Exception {
    fixture = newFixture();
    store = ControllerStore.open(fixture.connection(), clock);
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

  /** Closes the store and opens the same database again, as a controller restart does. */
  protected ControllerStore reopen() throws StoreException {
    store.close();
    store = ControllerStore.open(fixture.connection(), clock);
    return store;
  }

  static NodeRecord node(String id) {
    return new NodeRecord(
        id,
        "domain-a",
        "spiffe://a.example/weft/node/" + id,
        "127.0.0.1:4000",
        "node-" + id + ".a.example:443",
        true,
        T,
        T.plusSeconds(5));
  }

  /** The {@link StoreException} that {@code call} throws. */
  static StoreException failure(Executable call) {
    return assertThrows(StoreException.class, call);
  }
}
