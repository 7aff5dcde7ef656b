-- Pipelines managed over the API (issue 6): inline mappings, soft delete, who requested what.

-- A mapping given inline with the definition (JSON, which the YAML mapping reader also reads);
-- mapping_ref names a file under mappings/ instead. Exactly one of the two is set on imports.
ALTER TABLE pipelines ADD COLUMN mapping_inline text;
-- Deleted pipelines keep their row so runs and audit entries still point somewhere; the code
-- becomes free for a new pipeline.
ALTER TABLE pipelines ADD COLUMN deleted_at timestamptz;
ALTER TABLE pipelines DROP CONSTRAINT pipelines_tenant_id_code_key;
CREATE UNIQUE INDEX pipelines_tenant_code ON pipelines(tenant_id, code) WHERE deleted_at IS NULL;

ALTER TABLE pipeline_transitions ADD COLUMN actor_role text;

-- The run's log: what a person reading "what happened to my file" wants, line by line.
CREATE TABLE run_log (
    id         bigserial PRIMARY KEY,
    tenant_id  uuid NOT NULL,
    run_id     uuid NOT NULL,
    level      text NOT NULL CHECK (level IN ('info','warn','error')),
    message    text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX run_log_run ON run_log(tenant_id, run_id, id);
