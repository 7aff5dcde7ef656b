-- Identity resolution (issue 4): blocking keys with the run that added them (so a rollback removes
-- exactly those), suggestions without foreign keys (rows are written set-based per chunk and a run
-- rollback deletes the records they name), and merges that know their run, pair and score.
ALTER TABLE match_keys ADD COLUMN run_id uuid;
CREATE INDEX match_keys_core ON match_keys(core_id);
CREATE INDEX match_keys_run ON match_keys(tenant_id, run_id) WHERE run_id IS NOT NULL;

ALTER TABLE dedupe_suggestions DROP CONSTRAINT IF EXISTS dedupe_suggestions_left_id_fkey;
ALTER TABLE dedupe_suggestions DROP CONSTRAINT IF EXISTS dedupe_suggestions_right_id_fkey;
ALTER TABLE dedupe_suggestions ADD CONSTRAINT dedupe_suggestions_status
    CHECK (status IN ('pending', 'merged', 'not_duplicate', 'deferred', 'obsolete'));
ALTER TABLE dedupe_suggestions ADD COLUMN merge_id bigint;
CREATE INDEX dedupe_suggestions_status ON dedupe_suggestions(tenant_id, entity_type, status, id);
CREATE INDEX dedupe_suggestions_run ON dedupe_suggestions(tenant_id, run_id) WHERE run_id IS NOT NULL;
CREATE INDEX dedupe_suggestions_right ON dedupe_suggestions(right_id);

ALTER TABLE merge_log ADD COLUMN entity_type text NOT NULL DEFAULT 'person';
ALTER TABLE merge_log ADD COLUMN run_id uuid;
ALTER TABLE merge_log ADD COLUMN suggestion_id bigint;
ALTER TABLE merge_log ADD COLUMN score numeric(5,4);
ALTER TABLE merge_log ADD COLUMN features jsonb;
ALTER TABLE merge_log ADD COLUMN undone_by text;
CREATE INDEX merge_log_survivor ON merge_log(survivor_id) WHERE undone_at IS NULL;
CREATE INDEX merge_log_merged ON merge_log(merged_id);
CREATE INDEX merge_log_run ON merge_log(tenant_id, run_id) WHERE run_id IS NOT NULL;

-- Full scans of a tenant's core records for duplicates, run off the request thread.
CREATE TABLE duplicate_scans (
    id           uuid PRIMARY KEY,
    tenant_id    uuid NOT NULL,
    entity_type  text NOT NULL,
    status       text NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
    total        bigint NOT NULL DEFAULT 0,
    scanned      bigint NOT NULL DEFAULT 0,
    suggestions  bigint NOT NULL DEFAULT 0,
    error        text,
    started_by   text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz
);
CREATE INDEX duplicate_scans_tenant ON duplicate_scans(tenant_id, created_at);
