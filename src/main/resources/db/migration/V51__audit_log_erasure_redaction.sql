-- Erasure (issue 14) must be able to strip a person's identifiers from audit details; nothing
-- else may change the trail. The one UPDATE allowed replaces before/after with the redaction
-- marker (or keeps them NULL) and leaves every other column as it was: it can destroy detail,
-- never forge an entry. DELETE and TRUNCATE stay refused for every role.
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND NEW.id = OLD.id
       AND NEW.tenant_id IS NOT DISTINCT FROM OLD.tenant_id
       AND NEW.actor = OLD.actor
       AND NEW.actor_role IS NOT DISTINCT FROM OLD.actor_role
       AND NEW.action = OLD.action
       AND NEW.target_type IS NOT DISTINCT FROM OLD.target_type
       AND NEW.target_id IS NOT DISTINCT FROM OLD.target_id
       AND NEW.request_id IS NOT DISTINCT FROM OLD.request_id
       AND NEW.created_at = OLD.created_at
       AND (NEW.before IS NULL OR NEW.before = '{"redacted": "erasure"}'::jsonb)
       AND (NEW.after IS NULL OR NEW.after = '{"redacted": "erasure"}'::jsonb)
       AND (NEW.before IS NULL) = (OLD.before IS NULL)
       AND (NEW.after IS NULL) = (OLD.after IS NULL) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
