-- Consent as data (issue 14, docs/operations.md "Personal data"). consent_state existed but was
-- never set; a record now also knows when consent was signed and where it came from, every change
-- is kept in consent_history, and a file row's consent fields arrive in these columns through the
-- trigger below (never left in attributes, so a later file without them cannot drop them).
ALTER TABLE core_records ADD COLUMN consent_signed_at timestamptz;
ALTER TABLE core_records ADD COLUMN consent_source text;
ALTER TABLE core_records ADD CONSTRAINT core_records_consent_state
    CHECK (consent_state IN ('granted', 'withdrawn', 'unknown'));
CREATE INDEX core_records_withdrawn ON core_records(tenant_id, entity_type) WHERE consent_state = 'withdrawn';

CREATE TABLE consent_history (
    id           bigserial PRIMARY KEY,
    tenant_id    uuid NOT NULL,
    record_id    uuid NOT NULL,
    state        text NOT NULL CHECK (state IN ('granted', 'withdrawn', 'unknown')),
    signed_at    timestamptz,
    source       text,
    actor        text NOT NULL,               -- 'key:<id>' for the API, 'run:<id>' for a file row
    created_at   timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX consent_history_record ON consent_history(tenant_id, record_id, id);

-- A timestamp from row text, or null when it is not one: a pipeline may switch the consent rules
-- off, and a bad value must then be ignored rather than fail the whole chunk.
CREATE FUNCTION privacy_timestamp(value text) RETURNS timestamptz
    LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF value IS NULL OR btrim(value) = '' THEN
        RETURN NULL;
    END IF;
    RETURN value::timestamptz;
EXCEPTION WHEN others THEN
    RETURN NULL;
END
$$;

-- Applies a row's consent_state / consent_signed_at / consent_source (requirements 003):
-- an empty or unknown value never replaces a known consent; a withdrawal wins over a grant signed
-- earlier (or at the same time, or undated); a grant replaces a withdrawal only when it was signed
-- later than the withdrawal. Fires only for rows that carry consent fields.
CREATE FUNCTION privacy_consent_from_attributes() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    new_state text := lower(NULLIF(btrim(NEW.attributes ->> 'consent_state'), ''));
    new_at timestamptz := privacy_timestamp(NEW.attributes ->> 'consent_signed_at');
    new_source text := NULLIF(btrim(NEW.attributes ->> 'consent_source'), '');
    old_state text := 'unknown';
    old_at timestamptz;
    applies boolean;
BEGIN
    NEW.attributes := NEW.attributes - 'consent_state' - 'consent_signed_at' - 'consent_source';
    IF TG_OP = 'UPDATE' THEN
        old_state := OLD.consent_state;
        old_at := OLD.consent_signed_at;
    END IF;
    IF new_state IS NULL OR new_state NOT IN ('granted', 'withdrawn') THEN
        RETURN NEW;
    END IF;
    applies := CASE
        WHEN old_state = 'unknown' THEN true
        WHEN new_state = 'withdrawn' THEN new_at IS NULL OR old_at IS NULL OR new_at >= old_at
        WHEN old_state = 'granted' THEN new_at IS NOT NULL AND (old_at IS NULL OR new_at >= old_at)
        ELSE new_at IS NOT NULL AND old_at IS NOT NULL AND new_at > old_at
    END;
    IF applies AND (new_state IS DISTINCT FROM old_state OR new_at IS DISTINCT FROM old_at) THEN
        NEW.consent_state := new_state;
        NEW.consent_signed_at := COALESCE(new_at, NEW.consent_signed_at);
        NEW.consent_source := COALESCE(new_source, 'import');
        INSERT INTO consent_history (tenant_id, record_id, state, signed_at, source, actor)
        VALUES (NEW.tenant_id, NEW.id, NEW.consent_state, NEW.consent_signed_at, NEW.consent_source,
                'run:' || COALESCE(NEW.x_run_id::text, 'unknown'));
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER core_records_consent_insert BEFORE INSERT ON core_records FOR EACH ROW
    WHEN (NEW.attributes ?| ARRAY['consent_state', 'consent_signed_at', 'consent_source'])
    EXECUTE FUNCTION privacy_consent_from_attributes();
CREATE TRIGGER core_records_consent_update BEFORE UPDATE OF attributes ON core_records FOR EACH ROW
    WHEN (NEW.attributes ?| ARRAY['consent_state', 'consent_signed_at', 'consent_source'])
    EXECUTE FUNCTION privacy_consent_from_attributes();

-- Erasure (right to be forgotten): what is left of an erased person is the record id, the date,
-- and keyed hashes (HMAC-SHA256 with the installation's privacy key, tenant-bound) of the
-- identifiers a later file could bring them back by. A row that hashes to one is refused
-- (outcome skipped_erased), never re-created. The reason and the actor are in audit_log.
ALTER TABLE core_records ADD COLUMN erased_at timestamptz;

CREATE TABLE erased_identities (
    tenant_id    uuid NOT NULL,
    entity_type  text NOT NULL,
    key_type     text NOT NULL CHECK (key_type IN ('external_id', 'email', 'phone')),
    key_hash     text NOT NULL,
    record_id    uuid NOT NULL,
    erased_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, entity_type, key_type, key_hash)
);
CREATE INDEX erased_identities_record ON erased_identities(tenant_id, record_id);
