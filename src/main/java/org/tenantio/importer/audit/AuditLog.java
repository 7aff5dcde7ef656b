package org.tenantio.importer.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.UUID;
import org.slf4j.MDC;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.tenantio.importer.system.RequestIdFilter;

/** Appends to audit_log: who did what to which target. Never updates or deletes. */
@Component
public class AuditLog {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public AuditLog(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public void record(AuditEvent e) {
        jdbc.update("""
                INSERT INTO audit_log (tenant_id, actor, actor_owner, actor_role, action, target_type, target_id, before, after,
                                       request_id)
                VALUES (?, ?, (SELECT COALESCE(k.owner, 'legacy:' || k.prefix) FROM api_keys k
                                WHERE k.tenant_id = ? AND 'key:' || k.id::text = ?),
                        ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?)""",
                // The person behind a key is looked up here, once, for every entry a key's call writes.
                e.tenantId(), e.actor(), e.tenantId(), e.actor(), e.actorRole(), e.action(), e.targetType(), e.targetId(),
                toJson(e.before()), toJson(e.after()),
                // Work done on a request thread carries its id even where the caller did not pass it on.
                e.requestId() != null ? e.requestId() : MDC.get(RequestIdFilter.MDC_KEY));
    }

    private String toJson(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("Audit detail cannot be written", ex);
        }
    }

    /** One audit entry; build with the static helpers for the common shapes. */
    public record AuditEvent(UUID tenantId, String actor, String actorRole, String action, String targetType,
                             String targetId, Object before, Object after, String requestId) {

        public static AuditEvent system(UUID tenantId, String component, String action, String targetType,
                                        String targetId, Object after) {
            return new AuditEvent(tenantId, "system:" + component, null, action, targetType, targetId, null, after, null);
        }
    }
}
