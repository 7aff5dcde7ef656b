-- Per-tenant quotas and the counters they are checked against. One conditional UPDATE on a
-- tenant's row both checks and reserves (docs/operations.md, "Quotas"), so concurrent requests
-- cannot overshoot. A row is created with the operator's defaults the first time it is needed.
CREATE TABLE tenant_quotas (
    tenant_id            uuid PRIMARY KEY REFERENCES tenants(id),
    runs_per_day         int NOT NULL CHECK (runs_per_day >= 0),
    runs_per_month       int NOT NULL CHECK (runs_per_month >= 0),
    max_concurrent       int NOT NULL CHECK (max_concurrent >= 0),
    max_file_bytes       bigint NOT NULL CHECK (max_file_bytes >= 0),
    requests_per_minute  int CHECK (requests_per_minute > 0),   -- per API key; null: the service's default
    day                  date NOT NULL,                          -- the UTC day runs_today counts
    runs_today           int NOT NULL DEFAULT 0,
    month                date NOT NULL,                          -- first day of the UTC month runs_this_month counts
    runs_this_month      int NOT NULL DEFAULT 0,
    running              int NOT NULL DEFAULT 0,                 -- concurrent slots held, one per quota_reservations row
    updated_at           timestamptz NOT NULL DEFAULT now()
);

-- A concurrent slot held by a run (run_id is set once the run row exists). A slot whose run has
-- finished, or whose run never came to be (a crash between reserving and queueing), is stale and
-- is cleaned before the next reservation.
CREATE TABLE quota_reservations (
    id          uuid PRIMARY KEY,
    tenant_id   uuid NOT NULL REFERENCES tenants(id),
    run_id      uuid UNIQUE,
    day         date NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX quota_reservations_tenant ON quota_reservations(tenant_id);
