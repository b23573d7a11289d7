-- What the fetches of a relationship's bundle left to remember, besides their instants.

-- Whether the most recent fetch failed. Recorded, not derived from last_success_at and
-- last_error_at: two attempts may carry the same instant (or a clock may step back between
-- them), and the order of the attempts must still be known.
ALTER TABLE federation_relationships ADD COLUMN failing BOOLEAN NOT NULL DEFAULT FALSE;

-- The spiffe_sequence of the bundle last accepted from the relationship's endpoint; NULL if none
-- or unnumbered. A fetched bundle may not go below it. It is kept apart from the bundle held:
-- that one may have been set by hand, with the server's own numbering.
ALTER TABLE federation_relationships ADD COLUMN fetched_sequence BIGINT;
