-- Record listings page by keyset (created_at, row number, id) and filter by email: both read
-- an index from the cursor on instead of counting past every earlier row (issue 15).
CREATE INDEX core_records_keyset
    ON core_records (tenant_id, entity_type, created_at, (COALESCE(x_row_number, -1)), id)
    WHERE merged_into IS NULL;
CREATE INDEX core_records_email
    ON core_records (tenant_id, entity_type, (lower(attributes->>'email')))
    WHERE merged_into IS NULL;
CREATE INDEX core_records_updated
    ON core_records (tenant_id, entity_type, updated_at)
    WHERE merged_into IS NULL;
