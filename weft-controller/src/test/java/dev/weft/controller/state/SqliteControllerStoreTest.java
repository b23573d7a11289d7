package dev.weft.controller.state;

import org.junit.jupiter.api.Nested;

/** The controller store contracts on SQLite. */
class SqliteControllerStoreTest {
  @Nested
  class ConfigAndNodes extends ConfigAndNodesContract {
    @Override
    StateFixture newFixture() throws Exception {
      return new SqliteStateFixture();
    }
  }

  @Nested
  class Names extends NamesContract {
    @Override
    StateFixture newFixture() throws Exception {
      return new SqliteStateFixture();
    }
  }
}
