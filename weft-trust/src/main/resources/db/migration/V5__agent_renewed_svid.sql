-- The SVID issued to an agent by its last renewal, until a call presents it and it becomes the
-- current one (serial_number, svid_expires_at). The node API accepts either; NULL if none.
ALTER TABLE attested_agents ADD COLUMN new_serial_number TEXT;
ALTER TABLE attested_agents ADD COLUMN new_svid_expires_at BIGINT;
