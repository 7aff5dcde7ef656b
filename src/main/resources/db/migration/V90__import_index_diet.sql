-- Issue 11 A. Every index on core_records costs each new record an entry; lower(email) over a
-- sealed value ('enc:v1:...', random text) cost a large, randomly placed entry per record and
-- serves no search (sealed emails are found by their 'email#h' lookup hash). It now covers only
-- emails stored in clear (before encryption, or with it switched off), the ones it can find.
DROP INDEX IF EXISTS core_records_email;
CREATE INDEX core_records_email
    ON core_records (tenant_id, entity_type, (lower(attributes->>'email')))
    WHERE merged_into IS NULL AND attributes->>'email' NOT LIKE 'enc:v1:%';
