-- Fetched bundles refused because they would have moved a federated bundle back (a lower or
-- missing spiffe_sequence after a numbered one): counted per relationship, shown by
-- weft trust federation show.
ALTER TABLE federation_relationships ADD COLUMN rollbacks_refused BIGINT NOT NULL DEFAULT 0;
