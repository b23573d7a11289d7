package dev.weft.trust.store;

import org.junit.jupiter.api.Nested;

/** The data store contracts on SQLite. */
class SqliteDataStoreTest {
  @Nested
  class Entries extends EntryContract {
    @Override
    StoreFixture newFixture() throws Exception {
      return new SqliteFixture();
    }
  }

  @Nested
  class JoinTokens extends JoinTokenContract {
    @Override
    StoreFixture newFixture() throws Exception {
      return new SqliteFixture();
    }
  }

  @Nested
  class AgentsAndBundles extends NodeAndBundleContract {
    @Override
    StoreFixture newFixture() throws Exception {
      return new SqliteFixture();
    }
  }

  @Nested
  class Federations extends FederationContract {
    @Override
    StoreFixture newFixture() throws Exception {
      return new SqliteFixture();
    }
  }
}
