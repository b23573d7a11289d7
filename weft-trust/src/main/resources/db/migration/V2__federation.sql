-- Federation relationships with other trust domains and the outcome of their bundle fetches.
-- Instants are milliseconds since the epoch (UTC); NULL means "never".

CREATE TABLE federation_relationships (
  trust_domain        TEXT    NOT NULL PRIMARY KEY,
  bundle_endpoint_url TEXT    NOT NULL,
  -- https_spiffe or https_web
  profile             TEXT    NOT NULL,
  -- https_spiffe: the SPIFFE ID the endpoint presents; NULL for https_web
  endpoint_spiffe_id  TEXT,
  -- the SPIFFE bundle document that authenticates the endpoint the first time; NULL if none
  bootstrap_bundle    TEXT,
  -- config or api
  source              TEXT    NOT NULL,
  last_success_at     BIGINT,
  last_error          TEXT,
  last_error_at       BIGINT
);
