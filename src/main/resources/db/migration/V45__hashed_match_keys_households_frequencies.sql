-- Issue 11 B. Blocking keys as keyed 64-bit hashes (HMAC-SHA256 under the installation's
-- match-key secret, truncated): one bigint per key instead of a readable type and value, under
-- the primary key as the one covering index of the candidate lookup (tenant, entity, hash ->
-- core_id), plus core_id for merges and rollbacks. Existing keys cannot be rehashed in SQL (the
-- secret is not in the database): MatchKeyRebuild recomputes them at start-up, tenant by tenant.
DROP TABLE match_keys;
CREATE TABLE match_keys (
    tenant_id    uuid NOT NULL,
    entity_type  text NOT NULL,
    key_hash     bigint NOT NULL,
    core_id      uuid NOT NULL,
    run_id       uuid,
    PRIMARY KEY (tenant_id, entity_type, key_hash, core_id)
);
CREATE INDEX match_keys_core ON match_keys(core_id);

-- Which match key (by a fingerprint of it) each tenant's keys and frequencies were built with.
CREATE TABLE match_key_state (
    tenant_id    uuid PRIMARY KEY,
    fingerprint  bigint NOT NULL,
    rebuilt_at   timestamptz NOT NULL DEFAULT now()
);

-- How often each (hashed) value of a term-frequency feature occurs among the tenant's records,
-- and how many records have a value: the name weights follow them (Splink's term-frequency
-- adjustment). Updated set-based per chunk.
CREATE TABLE term_frequencies (
    tenant_id    uuid NOT NULL,
    entity_type  text NOT NULL,
    field        text NOT NULL,
    value_hash   bigint NOT NULL,
    records      bigint NOT NULL,
    PRIMARY KEY (tenant_id, entity_type, field, value_hash)
);
CREATE TABLE term_frequency_totals (
    tenant_id    uuid NOT NULL,
    entity_type  text NOT NULL,
    field        text NOT NULL,
    records      bigint NOT NULL,
    PRIMARY KEY (tenant_id, entity_type, field)
);

-- Requirements 003 §7.5: people who share a home or a contact but not a first name (siblings,
-- parents, twins) are linked as a household instead of merged. The household entity itself can
-- come later; a link names the pair and which features they shared (names only, no values).
CREATE TABLE household_links (
    id           bigserial PRIMARY KEY,
    tenant_id    uuid NOT NULL,
    entity_type  text NOT NULL,
    left_id      uuid NOT NULL,
    right_id     uuid NOT NULL,
    shared       text[] NOT NULL,
    run_id       uuid,
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, left_id, right_id)
);
CREATE INDEX household_links_right ON household_links(right_id);
CREATE INDEX household_links_run ON household_links(tenant_id, run_id) WHERE run_id IS NOT NULL;
