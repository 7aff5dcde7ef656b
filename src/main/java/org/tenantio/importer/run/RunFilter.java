package org.tenantio.importer.run;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** Which runs a listing shows; null means any. Times bound the run's creation, from inclusive, to exclusive. */
public record RunFilter(String pipeline, String status, String trigger, OffsetDateTime from, OffsetDateTime to) {

    /** WHERE over runs r joined with pipelines p, tenant first, parameters appended in order. */
    String where(UUID tenantId, List<Object> params) {
        StringBuilder sql = new StringBuilder(" WHERE r.tenant_id = ?");
        params.add(tenantId);
        if (pipeline != null) {
            sql.append(" AND p.code = ?");
            params.add(pipeline);
        }
        if (status != null) {
            sql.append(" AND r.status = ?");
            params.add(status);
        }
        if (trigger != null) {
            sql.append(" AND r.trigger = ?");
            params.add(trigger);
        }
        if (from != null) {
            sql.append(" AND r.created_at >= ?");
            params.add(from);
        }
        if (to != null) {
            sql.append(" AND r.created_at < ?");
            params.add(to);
        }
        return sql.toString();
    }
}
