-- Reads of personal data (requirements 004: "all data access is logged for audit"): who read
-- which records or ran which query, when, and how many came back. Append-only for the application.
CREATE TABLE access_log (
    id           bigserial PRIMARY KEY,
    tenant_id    uuid NOT NULL,
    actor        text NOT NULL,
    actor_role   text,
    kind         text NOT NULL,          -- records.list, duplicates.detail, quarantine.export, ...
    path         text NOT NULL,          -- the request path (ids, never values)
    query        text,                   -- the query string as sent
    record_ids   text[],                 -- what was returned: record ids, or run:row for quarantine rows
    returned     integer,                -- how many; null for a streamed export
    request_id   text,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX access_log_tenant_time ON access_log(tenant_id, created_at, id);
