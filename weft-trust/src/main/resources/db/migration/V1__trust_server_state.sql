-- The trust server's state. Portable SQL: runs unchanged on SQLite and PostgreSQL.
-- Instants are milliseconds since the epoch (UTC); durations are milliseconds.

CREATE TABLE registered_entries (
  id              VARCHAR(36)  NOT NULL PRIMARY KEY,
  spiffe_id       TEXT         NOT NULL,
  parent_id       TEXT         NOT NULL,
  -- SHA-256 (hex) of spiffe_id, parent_id and the sorted selectors: one entry per combination
  identity_hash   CHAR(64)     NOT NULL,
  x509_svid_ttl   BIGINT       NOT NULL,
  jwt_svid_ttl    BIGINT       NOT NULL,
  -- JSON arrays of strings
  dns_names       TEXT         NOT NULL,
  federates_with  TEXT         NOT NULL,
  admin           BOOLEAN      NOT NULL,
  hint            TEXT         NOT NULL,
  revision        BIGINT       NOT NULL,
  created_at      BIGINT       NOT NULL
);

CREATE UNIQUE INDEX registered_entries_identity ON registered_entries (identity_hash);
CREATE INDEX registered_entries_spiffe_id ON registered_entries (spiffe_id);
CREATE INDEX registered_entries_parent_id ON registered_entries (parent_id);

CREATE TABLE entry_selectors (
  entry_id        VARCHAR(36)  NOT NULL REFERENCES registered_entries (id) ON DELETE CASCADE,
  selector_type   TEXT         NOT NULL,
  selector_value  TEXT         NOT NULL,
  PRIMARY KEY (entry_id, selector_type, selector_value)
);

CREATE INDEX entry_selectors_selector ON entry_selectors (selector_type, selector_value);

CREATE TABLE join_tokens (
  token_hash      TEXT         NOT NULL PRIMARY KEY,
  agent_id        TEXT         NOT NULL,
  expires_at      BIGINT       NOT NULL
);

CREATE INDEX join_tokens_expires_at ON join_tokens (expires_at);

CREATE TABLE attested_agents (
  spiffe_id       TEXT         NOT NULL PRIMARY KEY,
  serial_number   TEXT         NOT NULL,
  svid_expires_at BIGINT       NOT NULL,
  attested_at     BIGINT       NOT NULL,
  banned          BOOLEAN      NOT NULL
);

CREATE TABLE bundles (
  trust_domain    TEXT         NOT NULL PRIMARY KEY,
  -- the SPIFFE bundle document (JSON)
  document        TEXT         NOT NULL
);

-- one row: the store revision, +1 on every entry or bundle change
CREATE TABLE store_revision (
  id              INTEGER      NOT NULL PRIMARY KEY,
  revision        BIGINT       NOT NULL
);

INSERT INTO store_revision (id, revision) VALUES (1, 0);
