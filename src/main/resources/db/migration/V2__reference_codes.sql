-- Per-tenant code lists that rows are checked against (REF-401 checks code_type 'org').
-- Read whole per tenant and type by the ReferenceCodes cache, never per row: the primary key serves that query.
CREATE TABLE reference_codes (
    tenant_id  uuid NOT NULL,
    code_type  text NOT NULL,
    code       text NOT NULL,
    label      text,
    PRIMARY KEY (tenant_id, code_type, code)
);
