-- Alerts (issue 15): where a tenant wants to be told (Slack-compatible incoming webhooks, email),
-- and what fired. Repeats of one alarm within the grouping window add to its occurrences
-- instead of notifying again. Both tables get row-level security from afterMigrate.sql.
CREATE TABLE alert_channels (
    id          uuid PRIMARY KEY,
    tenant_id   uuid NOT NULL REFERENCES tenants(id),
    kind        text NOT NULL CHECK (kind IN ('slack', 'email')),
    target      text NOT NULL,
    created_by  text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alert_channels_tenant ON alert_channels(tenant_id);

CREATE TABLE alerts (
    id           bigserial PRIMARY KEY,
    tenant_id    uuid NOT NULL REFERENCES tenants(id),
    pipeline_id  uuid,
    run_id       uuid,
    kind         text NOT NULL,
    severity     text NOT NULL CHECK (severity IN ('warn', 'page')),
    group_key    text NOT NULL,
    message      text NOT NULL,
    link         text NOT NULL,
    occurrences  int NOT NULL DEFAULT 1,
    first_at     timestamptz NOT NULL DEFAULT now(),
    last_at      timestamptz NOT NULL DEFAULT now(),
    notified     jsonb NOT NULL DEFAULT '[]'
);
CREATE INDEX alerts_tenant_time ON alerts(tenant_id, last_at DESC, id DESC);
CREATE INDEX alerts_group ON alerts(tenant_id, group_key, last_at DESC);
