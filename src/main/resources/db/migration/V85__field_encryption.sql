-- Encryption at rest of personal fields (docs/operations.md, "Personal data", "Encryption").
-- The data keys that encrypt values (AES-256-GCM) are kept here wrapped (AES-GCM) by the
-- installation's master key, which never reaches the database: every instance on this database
-- reads the same keys, and a rotation is one row more. Installation-wide, hence no tenant_id.
CREATE TABLE encryption_keys (
    id          integer PRIMARY KEY,
    wrapped     text NOT NULL,
    current     boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX encryption_keys_one_current ON encryption_keys (current) WHERE current;

-- A rotation: which key became current, and how far the background re-encryption has come.
CREATE TABLE key_rotations (
    id            uuid PRIMARY KEY,
    key_id        integer NOT NULL,
    status        text NOT NULL,                -- running, completed, failed
    requested_by  text NOT NULL,
    owner         text,                         -- the instance re-encrypting (ServiceInstance id)
    heartbeat_at  timestamptz,
    progress      jsonb NOT NULL DEFAULT '{}'::jsonb,
    passes        integer NOT NULL DEFAULT 0,
    error         text,
    started_at    timestamptz NOT NULL DEFAULT now(),
    finished_at   timestamptz
);
CREATE UNIQUE INDEX key_rotations_one_running ON key_rotations ((true)) WHERE status = 'running';

-- Records are found by email through the email's keyed hash (the value itself is sealed); the
-- index on lower(email) still serves values stored in clear before encryption.
CREATE INDEX core_records_email_lookup
    ON core_records (tenant_id, entity_type, (attributes->>'email#h'))
    WHERE merged_into IS NULL;
