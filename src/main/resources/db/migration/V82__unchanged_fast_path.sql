-- Issue 11 A: the same row again is recognised before mapping, validation and identity work.
-- raw_hash is a digest of the row exactly as read, with the mapping, rule policy and run
-- settings that turned it into source_hash: equal means the load would compute source_hash again.
-- It is only set for rows that loaded without any violation (warnings included), and it goes
-- wherever source_hash goes (rollback clears both; erasure deletes the key).
ALTER TABLE external_id_map ADD COLUMN raw_hash text;

-- A row that took that fast path keeps only its outcome and lineage in staging: the archived
-- file holds the row as read, and the core holds what it loaded as.
ALTER TABLE staging_rows ALTER COLUMN raw DROP NOT NULL;
