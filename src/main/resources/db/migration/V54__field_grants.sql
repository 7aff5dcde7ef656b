-- Field grants (issue 12, requirements 003/004): sensitive fields are masked for every role but
-- admin; a tenant admin may grant a role one field unmasked (a steward who fixes email rules
-- needs to see emails). One row per tenant, role and contract field.
CREATE TABLE field_grants (
    tenant_id  uuid NOT NULL REFERENCES tenants(id),
    role       text NOT NULL CHECK (role IN ('steward', 'operator', 'analyst', 'viewer')),
    field      text NOT NULL CHECK (field ~ '^[a-z][a-z0-9_]{0,62}$'),
    granted_by text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, role, field)
);
