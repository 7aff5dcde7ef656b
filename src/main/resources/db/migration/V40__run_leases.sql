-- Exactly once with several instances (issue 11 D): a run is claimed by one conditional update
-- that names its owner instance and a lease; the owner renews the lease while it works, and
-- recovery on any instance takes over only runs whose lease has expired.
ALTER TABLE runs ADD COLUMN owner_instance text;
ALTER TABLE runs ADD COLUMN lease_expires_at timestamptz;
-- Cancel: asked for on the run, honoured by its worker at the next chunk (or by recovery).
ALTER TABLE runs ADD COLUMN cancel_requested_at timestamptz;
ALTER TABLE runs ADD COLUMN cancel_requested_by text;
-- Rerun: the run whose archived input this one reads again.
ALTER TABLE runs ADD COLUMN rerun_of uuid REFERENCES runs(id);
-- Resume after a crash: the data rows committed before it, skipped when the run starts again.
ALTER TABLE runs ADD COLUMN resume_from bigint;

ALTER TABLE runs DROP CONSTRAINT IF EXISTS runs_status_check;
ALTER TABLE runs ADD CONSTRAINT runs_status_check
    CHECK (status IN ('queued','validating','running','completed','failed','rolled_back','cancelled'));

-- Recovery's scan: unfinished runs by lease.
CREATE INDEX runs_unfinished_lease ON runs(lease_expires_at) WHERE status IN ('queued','validating','running');
