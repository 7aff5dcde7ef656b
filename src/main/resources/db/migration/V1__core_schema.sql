-- The data model of docs/ARCHITECTURE.md. Every tenant-owned table carries tenant_id;
-- row-level security policies arrive with the tenant-isolation work (issue 6).

CREATE TABLE tenants (
    id          uuid PRIMARY KEY,
    code        text NOT NULL UNIQUE,
    name        text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_keys (
    id          uuid PRIMARY KEY,
    tenant_id   uuid NOT NULL REFERENCES tenants(id),
    name        text NOT NULL,
    prefix      text NOT NULL UNIQUE,          -- public part of the key, used to find the row
    key_hash    text NOT NULL,                 -- sha-256 of the whole key; the key itself is never stored
    role        text NOT NULL CHECK (role IN ('admin','steward','operator','analyst','viewer')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);
CREATE INDEX api_keys_tenant ON api_keys(tenant_id);

CREATE TABLE audit_log (
    id           bigserial PRIMARY KEY,
    tenant_id    uuid REFERENCES tenants(id),  -- null only for events that belong to no tenant (unknown inbox folder)
    actor        text NOT NULL,                -- 'key:<id>' or 'system:<component>'
    actor_role   text,
    action       text NOT NULL,
    target_type  text,
    target_id    text,
    before       jsonb,
    after        jsonb,
    request_id   text,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_tenant_time ON audit_log(tenant_id, created_at);

CREATE TABLE pipelines (
    id               uuid PRIMARY KEY,
    tenant_id        uuid NOT NULL REFERENCES tenants(id),
    code             text NOT NULL,
    name             text NOT NULL,
    direction        text NOT NULL CHECK (direction IN ('import','export')),
    formats          text[] NOT NULL,
    target_type      text NOT NULL,
    mapping_ref      text,
    status           text NOT NULL,
    schedule         text,
    destinations     jsonb NOT NULL DEFAULT '[]',
    options          jsonb NOT NULL DEFAULT '{}',
    created_by       text NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, code)
);

CREATE TABLE pipeline_transitions (
    id           bigserial PRIMARY KEY,
    tenant_id    uuid NOT NULL REFERENCES tenants(id),
    pipeline_id  uuid NOT NULL REFERENCES pipelines(id),
    from_status  text,
    to_status    text NOT NULL,
    actor        text NOT NULL,
    reason       text,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX pipeline_transitions_pipeline ON pipeline_transitions(tenant_id, pipeline_id);

-- Each distinct content of a mapping file gets a version; runs point at the one they used.
CREATE TABLE mapping_versions (
    tenant_id    uuid NOT NULL REFERENCES tenants(id),
    pipeline_id  uuid NOT NULL REFERENCES pipelines(id),
    version      int NOT NULL,
    checksum     text NOT NULL,
    content      text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (pipeline_id, version),
    UNIQUE (pipeline_id, checksum)
);

CREATE TABLE runs (
    id               uuid PRIMARY KEY,
    tenant_id        uuid NOT NULL REFERENCES tenants(id),
    pipeline_id      uuid NOT NULL REFERENCES pipelines(id),
    status           text NOT NULL CHECK (status IN ('queued','validating','running','completed','failed','rolled_back')),
    trigger          text NOT NULL,
    actor            text NOT NULL,
    file_name        text,
    input_ref        text,
    output_ref       text,
    sha256           text,
    size_bytes       bigint,
    mapping_version  int,
    dry_run          boolean NOT NULL DEFAULT false,
    counts           jsonb NOT NULL DEFAULT '{}',
    progress         jsonb NOT NULL DEFAULT '{}',
    report           jsonb NOT NULL DEFAULT '{}',   -- unmapped columns, missing columns, failure reason
    created_at       timestamptz NOT NULL DEFAULT now(),
    started_at       timestamptz,
    completed_at     timestamptz
);
CREATE INDEX runs_tenant_pipeline ON runs(tenant_id, pipeline_id, created_at);
CREATE INDEX runs_status ON runs(status);

CREATE TABLE run_transitions (
    id           bigserial PRIMARY KEY,
    tenant_id    uuid NOT NULL REFERENCES tenants(id),
    run_id       uuid NOT NULL REFERENCES runs(id),
    from_status  text,
    to_status    text NOT NULL,
    note         text,
    created_at   timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX run_transitions_run ON run_transitions(tenant_id, run_id);

CREATE TABLE run_steps (
    id           bigserial PRIMARY KEY,
    tenant_id    uuid NOT NULL REFERENCES tenants(id),
    run_id       uuid NOT NULL REFERENCES runs(id),
    step         text NOT NULL,
    attempt      int NOT NULL DEFAULT 1,
    status       text NOT NULL,
    error        text,
    started_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    finished_at  timestamptz
);
CREATE INDEX run_steps_run ON run_steps(tenant_id, run_id);

-- One row per input row: the raw payload exactly as read, what it became, and its outcome.
-- json, not jsonb: written once per row on the hot path and rarely read, so the text is kept
-- as sent instead of being parsed into jsonb's tree (measurably cheaper in the benchmark).
CREATE TABLE staging_rows (
    tenant_id    uuid NOT NULL,
    run_id       uuid NOT NULL,               -- no FK: a per-row trigger on the hottest insert (see docs/benchmarks.md)
    row_number   bigint NOT NULL,
    raw          json NOT NULL,
    normalized   json,
    checksum     text,
    outcome      text NOT NULL,
    record_id    uuid,
    PRIMARY KEY (run_id, row_number)
);
CREATE INDEX staging_rows_tenant ON staging_rows(tenant_id);

CREATE TABLE dq_violations (
    id           bigserial PRIMARY KEY,
    tenant_id    uuid NOT NULL,
    run_id       uuid NOT NULL,               -- no FK, like staging_rows: written set-based per chunk
    row_number   bigint NOT NULL,
    entity_type  text NOT NULL,
    rule_code    text NOT NULL,
    severity     text NOT NULL CHECK (severity IN ('error','warn','info')),
    field        text,
    value        text,
    message      text NOT NULL,
    hint         text,
    status       text NOT NULL DEFAULT 'open' CHECK (status IN ('open','fixed','suppressed','wont_fix')),
    created_at   timestamptz NOT NULL DEFAULT now(),
    resolved_at  timestamptz,
    resolved_by  text
);
CREATE INDEX dq_violations_run ON dq_violations(tenant_id, run_id, row_number);
CREATE INDEX dq_violations_rule ON dq_violations(tenant_id, rule_code, status);

-- Hot-path tables carry no foreign keys: PostgreSQL checks them with a trigger per row, which
-- cost half of each set-based insert in the benchmark. The load stage owns these links.
CREATE TABLE core_records (
    id              uuid PRIMARY KEY,
    tenant_id       uuid NOT NULL,
    entity_type     text NOT NULL,
    attributes      jsonb NOT NULL,
    content_hash    text NOT NULL,
    consent_state   text NOT NULL DEFAULT 'unknown',
    merged_into     uuid,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    -- lineage: where the current content came from
    x_tenant_id     uuid NOT NULL,
    x_pipeline_id   uuid,
    x_run_id        uuid,
    x_source_file   text,
    x_row_number    bigint,
    x_ingested_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX core_records_tenant_type ON core_records(tenant_id, entity_type, created_at, id) WHERE merged_into IS NULL;

CREATE TABLE external_id_map (
    tenant_id        uuid NOT NULL,
    entity_type      text NOT NULL,
    external_system  text NOT NULL,
    external_id      text NOT NULL,
    core_id          uuid NOT NULL,
    first_seen_run   uuid,
    last_seen_run    uuid,
    first_seen_at    timestamptz NOT NULL DEFAULT now(),
    last_seen_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, entity_type, external_system, external_id)
);
CREATE INDEX external_id_map_core ON external_id_map(core_id);

CREATE TABLE match_keys (
    tenant_id    uuid NOT NULL,
    entity_type  text NOT NULL,
    key_type     text NOT NULL,
    key_value    text NOT NULL,
    core_id      uuid NOT NULL,
    PRIMARY KEY (tenant_id, entity_type, key_type, key_value, core_id)
);

CREATE TABLE dedupe_suggestions (
    id           bigserial PRIMARY KEY,
    tenant_id    uuid NOT NULL,
    entity_type  text NOT NULL,
    left_id      uuid NOT NULL REFERENCES core_records(id),
    right_id     uuid NOT NULL REFERENCES core_records(id),
    score        numeric(5,4) NOT NULL,
    features     jsonb NOT NULL,
    status       text NOT NULL DEFAULT 'pending',
    run_id       uuid,
    decided_by   text,
    decided_at   timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, left_id, right_id)
);

CREATE TABLE merge_log (
    id            bigserial PRIMARY KEY,
    tenant_id     uuid NOT NULL,
    survivor_id   uuid NOT NULL,
    merged_id     uuid NOT NULL,
    before_images jsonb NOT NULL,
    actor         text NOT NULL,
    undone_at     timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- Every core mutation, with before and after, so a run can be rolled back exactly.
CREATE TABLE change_log (
    id           bigserial PRIMARY KEY,
    tenant_id    uuid NOT NULL,
    run_id       uuid,
    core_id      uuid NOT NULL,
    operation    text NOT NULL CHECK (operation IN ('insert','update','delete','merge','unmerge')),
    before       jsonb,
    after        jsonb,
    created_at   timestamptz NOT NULL DEFAULT now(),
    reverted_at  timestamptz                   -- set when a rollback undid this change
);
CREATE INDEX change_log_run ON change_log(tenant_id, run_id, id);
CREATE INDEX change_log_core ON change_log(core_id, id);
