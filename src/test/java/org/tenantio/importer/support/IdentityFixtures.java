package org.tenantio.importer.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.tenantio.importer.security.ApiKeys;

/** Identity-resolution helpers for tests: keys with other roles, and the core as one tenant sees it. */
@Component
public class IdentityFixtures {

    public static final String HEADER =
            "external_id,first_name,last_name,email,phone,date_of_birth,street,city,state,postal_code,country\n";

    private final ApiKeys keys;
    private final JdbcTemplate jdbc;

    public IdentityFixtures(ApiKeys keys, JdbcTemplate jdbc) {
        this.keys = keys;
        this.jdbc = jdbc;
    }

    /** A new API key of the given role for the tenant. */
    public String key(UUID tenantId, String role) {
        String key = ApiKeys.generate();
        keys.store(tenantId, "test " + role, key, role);
        return key;
    }

    /** Every listed person record (GET /api/v1/records/person), all pages. */
    public static List<JsonNode> persons(Api api, String key) {
        List<JsonNode> out = new ArrayList<>();
        api.get("/api/v1/records/person?limit=1000", key).json().get("items").forEach(out::add);
        return out;
    }

    /** The external ids (system:id) listed for a record. */
    public static List<String> externalIds(JsonNode record) {
        List<String> ids = new ArrayList<>();
        record.get("externalIds").forEach(e -> ids.add(e.get("system").asText() + ":" + e.get("id").asText()));
        return ids;
    }

    /** A snapshot of one tenant's core, external ids and keys, to compare before and after an undo. */
    public String snapshot(UUID tenantId) {
        return jdbc.queryForObject("""
                SELECT (SELECT string_agg(to_jsonb(c)::text, E'\\n' ORDER BY id) FROM core_records c WHERE tenant_id = ?)
                    || (SELECT string_agg(external_system || ':' || external_id || '>' || core_id, E'\\n'
                                          ORDER BY external_system, external_id) FROM external_id_map WHERE tenant_id = ?)
                    || COALESCE((SELECT string_agg(key_hash || '>' || core_id || '@' || COALESCE(run_id::text, ''),
                                          E'\\n' ORDER BY key_hash, core_id) FROM match_keys WHERE tenant_id = ?), '')""",
                String.class, tenantId, tenantId, tenantId);
    }
}
