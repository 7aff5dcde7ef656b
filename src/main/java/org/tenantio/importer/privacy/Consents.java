package org.tenantio.importer.privacy;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.tenantio.importer.audit.AuditLog;
import org.tenantio.importer.audit.AuditLog.AuditEvent;
import org.tenantio.importer.security.Caller;
import org.tenantio.importer.system.Refusal;

/**
 * A record's consent as a person or steward states it over the API: the change takes effect at
 * once (exports, listings and imports read the record's columns), is kept in consent_history and
 * is audited with before and after (states, dates and sources only: no personal values).
 */
@Component
public class Consents {

    public static final List<String> STATES = List.of(ConsentFields.GRANTED, ConsentFields.WITHDRAWN, ConsentFields.UNKNOWN);
    private static final int MAX_SOURCE = 200;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final AuditLog audit;
    private final Clock clock;

    public Consents(JdbcTemplate jdbc, TransactionTemplate tx, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.audit = audit;
        this.clock = clock;
    }

    public record Consent(UUID recordId, String state, OffsetDateTime signedAt, String source, List<Change> history) {
    }

    public record Change(String state, OffsetDateTime signedAt, String source, String actor, OffsetDateTime changedAt) {
    }

    /** A change as requested: state required; at defaults to now and may not be in the future; source defaults to "api". */
    public record Request(String state, String source, String at) {
    }

    public Consent set(Caller caller, String entityType, UUID recordId, Request request) {
        String state = request == null || request.state() == null ? null : request.state().strip();
        if (state == null || !STATES.contains(state)) {
            throw invalid("state", "one of " + STATES);
        }
        String source = request.source() == null || request.source().isBlank() ? "api" : request.source().strip();
        if (source.length() > MAX_SOURCE) {
            throw invalid("source", "at most " + MAX_SOURCE + " characters");
        }
        Instant now = clock.instant();
        Instant at = request.at() == null || request.at().isBlank() ? now
                : ConsentFields.instant(request.at()).orElseThrow(() -> invalid("at", "an ISO-8601 date or time, e.g. 2026-05-31T14:00:00Z"));
        if (at.isAfter(now.plusSeconds(300))) {
            throw invalid("at", "not in the future");
        }
        UUID tenantId = caller.tenant().id();
        tx.executeWithoutResult(status -> {
            Map<String, Object> before = current(tenantId, entityType, recordId, true);
            jdbc.update("""
                    UPDATE core_records SET consent_state = ?, consent_signed_at = ?, consent_source = ?, updated_at = now()
                     WHERE tenant_id = ? AND id = ?""",
                    state, java.sql.Timestamp.from(at), source, tenantId, recordId);
            jdbc.update("""
                    INSERT INTO consent_history (tenant_id, record_id, state, signed_at, source, actor)
                    VALUES (?, ?, ?, ?, ?, ?)""", tenantId, recordId, state, java.sql.Timestamp.from(at), source, caller.actor());
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("state", state);
            after.put("signedAt", ConsentFields.text(at));
            after.put("source", source);
            audit.record(new AuditEvent(tenantId, caller.actor(), caller.role(), "consent.changed", entityType,
                    recordId.toString(), before, after, caller.requestId()));
        });
        return find(tenantId, entityType, recordId);
    }

    public Consent find(UUID tenantId, String entityType, UUID recordId) {
        Map<String, Object> row = current(tenantId, entityType, recordId, false);
        List<Change> history = jdbc.query("""
                SELECT state, signed_at, source, actor, created_at FROM consent_history
                 WHERE tenant_id = ? AND record_id = ? ORDER BY id""",
                (rs, i) -> new Change(rs.getString(1), rs.getObject(2, OffsetDateTime.class), rs.getString(3),
                        rs.getString(4), rs.getObject(5, OffsetDateTime.class)), tenantId, recordId);
        return new Consent(recordId, (String) row.get("state"),
                row.get("signedAt") == null ? null : OffsetDateTime.parse((String) row.get("signedAt")),
                (String) row.get("source"), history);
    }

    /** The record's consent now, or the refusal that says why it has none to change. */
    private Map<String, Object> current(UUID tenantId, String entityType, UUID recordId, boolean lock) {
        List<Map<String, Object>> rows = jdbc.query("""
                SELECT consent_state, consent_signed_at, consent_source, merged_into, erased_at
                  FROM core_records WHERE tenant_id = ? AND entity_type = ? AND id = ?""" + (lock ? " FOR UPDATE" : ""),
                (rs, i) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("state", rs.getString(1));
                    OffsetDateTime signed = rs.getObject(2, OffsetDateTime.class);
                    m.put("signedAt", signed == null ? null : ConsentFields.text(signed.toInstant()));
                    m.put("source", rs.getString(3));
                    m.put("mergedInto", rs.getObject(4, UUID.class));
                    m.put("erased", rs.getObject(5) != null);
                    return m;
                }, tenantId, entityType, recordId);
        if (rows.isEmpty()) {
            throw new Refusal(404, "not_found", "Record not found");
        }
        Map<String, Object> row = rows.get(0);
        if (Boolean.TRUE.equals(row.get("erased"))) {
            throw new Refusal(410, "record_erased", "The record was erased; it has no consent to change");
        }
        if (row.get("mergedInto") != null) {
            throw new Refusal(409, "record_merged", "The record was merged into " + row.get("mergedInto")
                    + "; change the consent of that record", List.of(Map.of("field", "id", "survivor", row.get("mergedInto").toString())));
        }
        row.remove("mergedInto");
        row.remove("erased");
        return row;
    }

    private static Refusal invalid(String field, String expected) {
        return new Refusal(400, "invalid_consent", "The consent change is not valid: " + field + " must be " + expected,
                List.of(Map.of("field", field, "message", expected)));
    }
}
