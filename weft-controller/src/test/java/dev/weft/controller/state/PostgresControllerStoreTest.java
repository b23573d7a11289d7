package dev.weft.controller.state;

import org.junit.jupiter.api.Nested;

/** The controller store contracts on PostgreSQL (WEFT_TEST_POSTGRES_URL). */
class PostgresControllerStoreTest {
  @Nested
  class ConfigAndNodes extends ConfigAndNodesContract {
    @Override
    StateFixture newFixture() throws Exception {
      return new PostgresStateFixture();
    }
  }

  @Nested
  class Names extends NamesContract {
    @Override
    StateFixture newFixture() throws Exception {
      return new PostgresStateFixture();
    }
  }
}
