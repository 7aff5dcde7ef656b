-- Exports: each destination of an export run gets a delivery row (its own status, attempts and
-- last error), so one failing destination never hides the others and can be redelivered later.
CREATE TABLE run_deliveries (
    id            bigserial PRIMARY KEY,
    tenant_id     uuid NOT NULL REFERENCES tenants(id),
    run_id        uuid NOT NULL REFERENCES runs(id),
    position      int NOT NULL,                  -- the destination's index in the pipeline's list
    kind          text NOT NULL CHECK (kind IN ('file','sftp','http')),
    destination   jsonb NOT NULL,                -- as defined; holds secret references, never secrets
    status        text NOT NULL CHECK (status IN ('pending','delivering','delivered','failed')),
    attempts      int NOT NULL DEFAULT 0,
    last_error    text,
    delivered_to  text,                          -- where the file landed (folder path, remote name, URL)
    updated_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    delivered_at  timestamptz,
    UNIQUE (run_id, position)
);
CREATE INDEX run_deliveries_tenant_run ON run_deliveries(tenant_id, run_id);

-- Per-tenant webhooks called when any run finishes. The signing secret is derived from the
-- service's webhook key and the hook id, so it is never stored.
CREATE TABLE webhooks (
    id          uuid PRIMARY KEY,
    tenant_id   uuid NOT NULL REFERENCES tenants(id),
    url         text NOT NULL,
    created_by  text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhooks_tenant ON webhooks(tenant_id);
