package org.tenantio.importer.security;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Which sensitive fields a role of a tenant sees unmasked; admin sees every field and needs no grant. */
@Component
public class FieldGrants {

    /** The roles a field may be granted to. */
    public static final List<String> ROLES = List.of("steward", "operator", "analyst", "viewer");

    private final JdbcTemplate jdbc;

    public FieldGrants(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Set<String> of(UUID tenantId, String role) {
        return new LinkedHashSet<>(jdbc.queryForList("SELECT field FROM field_grants WHERE tenant_id = ? AND role = ? ORDER BY field",
                String.class, tenantId, role));
    }

    /** Every role's grants, roles without grants included (as empty lists). */
    public Map<String, List<String>> all(UUID tenantId) {
        Map<String, List<String>> grants = new TreeMap<>();
        ROLES.forEach(r -> grants.put(r, List.copyOf(of(tenantId, r))));
        return grants;
    }

    /** Replaces a role's grants; returns the ones it had. */
    public Set<String> replace(UUID tenantId, String role, Set<String> fields, String grantedBy) {
        Set<String> before = of(tenantId, role);
        jdbc.update("DELETE FROM field_grants WHERE tenant_id = ? AND role = ?", tenantId, role);
        for (String field : fields) {
            jdbc.update("INSERT INTO field_grants (tenant_id, role, field, granted_by) VALUES (?, ?, ?, ?)",
                    tenantId, role, field, grantedBy);
        }
        return before;
    }
}
