package org.tenantio.importer.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Which quarantine entries a listing, export or bulk action is about; null means any. */
public record ViolationFilter(String ruleCode, String severity, UUID runId, String status, String entity) {

    /** The WHERE clause over dq_violations aliased v, tenant first, with its parameters. */
    String where(UUID tenantId, List<Object> params) {
        StringBuilder sql = new StringBuilder(" WHERE v.tenant_id = ?");
        params.add(tenantId);
        add(sql, params, "v.rule_code", ruleCode);
        add(sql, params, "v.severity", severity);
        add(sql, params, "v.run_id", runId);
        add(sql, params, "v.status", status);
        add(sql, params, "v.entity_type", entity);
        return sql.toString();
    }

    private static void add(StringBuilder sql, List<Object> params, String column, Object value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = ?");
            params.add(value);
        }
    }

    static List<Object> params() {
        return new ArrayList<>();
    }
}
