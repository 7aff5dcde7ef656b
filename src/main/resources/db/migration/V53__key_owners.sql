-- Four-eyes by person (issue 12): every API key belongs to an owner, a person (an email) or a
-- service ('service:nightly-sync'). Approval compares owners, not keys, so a second key of the
-- same person cannot approve what the first requested.
ALTER TABLE api_keys ADD COLUMN owner text;
-- Keys issued before owners existed each stand for a person of their own, named after the key.
UPDATE api_keys SET owner = 'legacy:' || prefix WHERE owner IS NULL;
-- New keys always name an owner. NOT VALID: rows the update above could not reach (a policy that
-- hides them from the migrating role) keep working; the application reads them as legacy:<prefix>.
ALTER TABLE api_keys ADD CONSTRAINT api_keys_owner_named CHECK (owner IS NOT NULL) NOT VALID;
CREATE INDEX api_keys_owner ON api_keys(tenant_id, owner);

-- Who acted, as a person: the owner of the key (null for the platform and system components).
ALTER TABLE audit_log ADD COLUMN actor_owner text;
ALTER TABLE pipeline_transitions ADD COLUMN actor_owner text;
