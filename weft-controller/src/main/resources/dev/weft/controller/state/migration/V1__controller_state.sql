-- The fabric controller's state. Portable SQL: runs unchanged on SQLite and PostgreSQL. Every
-- table is prefixed controller_ so that the controller can share a database with a trust server.
-- Instants are milliseconds since the epoch (UTC). Ids are 1-63 characters, names at most 255.

CREATE TABLE controller_segments (
  name              VARCHAR(63)   NOT NULL PRIMARY KEY,
  -- MESH, STAR or PAIRS
  mode              VARCHAR(8)    NOT NULL,
  -- a node id, or NULL: only in STAR mode
  hub               VARCHAR(63)
);

CREATE TABLE controller_domains (
  name              VARCHAR(63)   NOT NULL PRIMARY KEY,
  segment           VARCHAR(63)   NOT NULL
);

CREATE TABLE controller_nodes (
  id                VARCHAR(63)   NOT NULL PRIMARY KEY,
  domain            VARCHAR(63)   NOT NULL,
  spiffe_id         TEXT          NOT NULL,
  local_endpoint    VARCHAR(255)  NOT NULL,
  -- empty when other nodes cannot dial it
  external_endpoint VARCHAR(255)  NOT NULL,
  connected         BOOLEAN       NOT NULL,
  registered_at     BIGINT        NOT NULL,
  last_seen         BIGINT        NOT NULL
);

-- explicit links, a < b
CREATE TABLE controller_links (
  a                 VARCHAR(63)   NOT NULL,
  b                 VARCHAR(63)   NOT NULL,
  PRIMARY KEY (a, b)
);

CREATE TABLE controller_subscriptions (
  node_id           VARCHAR(63)   NOT NULL REFERENCES controller_nodes (id) ON DELETE CASCADE,
  name              VARCHAR(255)  NOT NULL,
  PRIMARY KEY (node_id, name)
);

-- the routes the controller installed on a node
CREATE TABLE controller_routes (
  node_id           VARCHAR(63)   NOT NULL REFERENCES controller_nodes (id) ON DELETE CASCADE,
  name              VARCHAR(255)  NOT NULL,
  -- next-hop node ids in order, separated by ',' (node ids have no ',')
  next_hops         TEXT          NOT NULL,
  PRIMARY KEY (node_id, name)
);
