-- Re-importing a file changes nothing (issue 11 C).
--
-- What each source last sent for each of its keys: a re-sent row is `unchanged` when it equals
-- what that source sent before, whatever merges have done to the record it points at since.
ALTER TABLE external_id_map ADD COLUMN source_hash text;

-- A quarantined row already open for the same content and rule is not quarantined again: the
-- new run's violation is recorded as a `repeat` that points at the open one (same_as).
ALTER TABLE dq_violations ADD COLUMN content_key text;
ALTER TABLE dq_violations ADD COLUMN same_as bigint;
ALTER TABLE dq_violations DROP CONSTRAINT IF EXISTS dq_violations_status_check;
ALTER TABLE dq_violations ADD CONSTRAINT dq_violations_status_check
    CHECK (status IN ('open', 'fixed', 'suppressed', 'wont_fix', 'repeat'));
CREATE UNIQUE INDEX dq_violations_open_content ON dq_violations
    (tenant_id, entity_type, content_key, rule_code, COALESCE(field, ''))
    WHERE status = 'open' AND content_key IS NOT NULL;
