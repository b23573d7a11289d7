package dev.weft.trust.store;

import org.junit.jupiter.api.Nested;

/** The data store contracts on PostgreSQL (WEFT_TEST_POSTGRES_URL). */
class PostgresDataStoreTest {
  @Nested
  class Entries extends EntryContract {
    @Override
    StoreFixture newFixture() throws Exception {
      return new PostgresFixture();
    }
  }

  @Nested
  class JoinTokens extends JoinTokenContract {
    @Override
    StoreFixture newFixture() throws Exception {
      return new PostgresFixture();
    }
  }

  @Nested
  class AgentsAndBundles extends NodeAndBundleContract {
    @Override
    StoreFixture newFixture() throws Exception {
      return new PostgresFixture();
    }
  }

  @Nested
  class Federations extends FederationContract {
    @Override
    StoreFixture newFixture() throws Exception {
      return new PostgresFixture();
    }
  }
}
