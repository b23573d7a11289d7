-- Whether the most recent fetch of a relationship's bundle failed. Recorded, not derived from
-- last_success_at and last_error_at: two attempts may carry the same instant (or a clock may
-- step back between them), and the order of the attempts must still be known.

ALTER TABLE federation_relationships ADD COLUMN failing BOOLEAN NOT NULL DEFAULT FALSE;
