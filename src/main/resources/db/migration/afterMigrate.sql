-- Runs after every migration (a Flyway callback), so tables added by any later migration are
-- covered too. Idempotent.
--
-- Tenant isolation, second line: the application logs in as the role importer_app (no superuser,
-- no BYPASSRLS, owns nothing; see TenantBoundDataSource), and every table with a tenant_id column
-- gets a policy that shows and accepts only rows of the tenant set for the transaction in
-- importer.tenant_id. A query that forgets its tenant filter still sees one tenant; a connection
-- with no tenant set sees nothing. Work that spans tenants by design (TenantScope.asSystem) sets
-- importer.scope = 'system' instead. The policies are FORCEd, so they bind the tables' owner too
-- should it ever log in as the application; only the migration role (superuser or BYPASSRLS) is free.
DO $$
DECLARE
    t record;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'importer_app') THEN
        CREATE ROLE importer_app NOLOGIN;
    END IF;
    -- A login that is only a member of importer_app switches to it per connection (TenantBoundDataSource).
    IF current_user <> 'importer_app' THEN
        BEGIN
            EXECUTE format('GRANT importer_app TO %I', current_user);
        EXCEPTION WHEN insufficient_privilege OR invalid_grant_operation THEN
            NULL;
        END;
    END IF;
    GRANT USAGE ON SCHEMA public TO importer_app;
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO importer_app;
    GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO importer_app;
    -- The audit trail is append-only for the application.
    REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM importer_app;
    REVOKE ALL ON flyway_schema_history FROM importer_app;
    -- ALTER TABLE and CREATE/DROP POLICY take an ACCESS EXCLUSIVE lock: done only where something
    -- is missing, so a second instance starting next to a busy one does not queue behind its
    -- import transactions (and everything else behind itself). A changed policy definition
    -- therefore needs a migration that drops the old policy.
    FOR t IN
        SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
        WHERE c.relkind IN ('r', 'p')
    LOOP
        IF NOT t.relrowsecurity THEN
            EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t.relname);
        END IF;
        IF NOT t.relforcerowsecurity THEN
            EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t.relname);
        END IF;
        IF NOT EXISTS (SELECT 1 FROM pg_policies p WHERE p.schemaname = 'public' AND p.tablename = t.relname
                                                   AND p.policyname = 'tenant_isolation') THEN
            EXECUTE format('CREATE POLICY tenant_isolation ON %I TO importer_app '
                           'USING (tenant_id = NULLIF(current_setting(''importer.tenant_id'', true), '''')::uuid) '
                           'WITH CHECK (tenant_id = NULLIF(current_setting(''importer.tenant_id'', true), '''')::uuid)',
                           t.relname);
        END IF;
        IF NOT EXISTS (SELECT 1 FROM pg_policies p WHERE p.schemaname = 'public' AND p.tablename = t.relname
                                                   AND p.policyname = 'system_scope') THEN
            EXECUTE format('CREATE POLICY system_scope ON %I TO importer_app '
                           'USING (current_setting(''importer.scope'', true) = ''system'') '
                           'WITH CHECK (current_setting(''importer.scope'', true) = ''system'')',
                           t.relname);
        END IF;
        -- PostgreSQL 17 lets a non-owner ANALYZE (planner statistics refreshed during big imports).
        IF current_setting('server_version_num')::int >= 170000 THEN
            EXECUTE format('GRANT MAINTAIN ON %I TO importer_app', t.relname);
        END IF;
    END LOOP;
END
$$;

-- The access log (V67) is append-only for the application, like the audit trail; the retention
-- and erasure work that must change it runs as the schema owner.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_class WHERE relname = 'access_log' AND relkind = 'r') THEN
        REVOKE UPDATE, DELETE, TRUNCATE ON access_log FROM importer_app;
    END IF;
END
$$;

-- Erasure runs in system scope, as importer_app (no role may bypass the policies any more): it may
-- only blank audit details (the trigger of V50/V51 refuses any other change) and access-log query
-- texts (the trigger below refuses any other change). Column grants, after the revokes above.
DO $$
BEGIN
    GRANT UPDATE (before, after) ON audit_log TO importer_app;
    IF EXISTS (SELECT 1 FROM pg_class WHERE relname = 'access_log' AND relkind = 'r') THEN
        GRANT UPDATE (query) ON access_log TO importer_app;
        CREATE OR REPLACE FUNCTION access_log_redaction_only() RETURNS trigger LANGUAGE plpgsql AS $f$
        BEGIN
            IF NEW.query = '[redacted: erasure]' AND (to_jsonb(NEW) - 'query') = (to_jsonb(OLD) - 'query') THEN
                RETURN NEW;
            END IF;
            RAISE EXCEPTION 'access_log is append-only: only an erasure may blank a query'
                USING ERRCODE = 'insufficient_privilege';
        END
        $f$;
        -- Created once (a trigger's DDL locks the table against the running service's writes).
        IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'access_log_redaction_only'
                                                  AND tgrelid = 'access_log'::regclass) THEN
            CREATE TRIGGER access_log_redaction_only BEFORE UPDATE ON access_log
                FOR EACH ROW EXECUTE FUNCTION access_log_redaction_only();
        END IF;
    END IF;
END
$$;
