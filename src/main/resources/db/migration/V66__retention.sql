-- Retention (issue 14; docs/operations.md, "Personal data"): a run remembers when its staging rows
-- and rollback journal (change_log), and separately its archived input, were purged. Its counts
-- stay; a rollback of a purged run is refused.
ALTER TABLE runs ADD COLUMN rows_purged_at timestamptz;
ALTER TABLE runs ADD COLUMN input_purged_at timestamptz;
CREATE INDEX runs_rows_due ON runs(completed_at) WHERE rows_purged_at IS NULL;
CREATE INDEX runs_input_due ON runs(created_at) WHERE input_purged_at IS NULL AND input_ref IS NOT NULL;
CREATE INDEX dq_violations_created ON dq_violations(created_at);
CREATE INDEX run_log_created ON run_log(created_at);
