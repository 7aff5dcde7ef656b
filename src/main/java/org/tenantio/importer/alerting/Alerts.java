package org.tenantio.importer.alerting;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What fired, per tenant. A repeat of an alert (same pipeline and kind) within the grouping
 * window is folded into the open one: its count and time move on and nobody is told again.
 */
@Component
public class Alerts {

    private final JdbcTemplate jdbc;
    private final Duration groupWindow;

    public Alerts(JdbcTemplate jdbc, @Value("${importer.alerts.group-window:PT1H}") Duration groupWindow) {
        this.jdbc = jdbc;
        this.groupWindow = groupWindow;
    }

    /** A new alert to send, or null when it was grouped into a recent one. */
    public Alert raise(UUID tenantId, UUID pipelineId, UUID runId, String kind, String severity, String message,
                       String link) {
        String group = (pipelineId == null ? "-" : pipelineId) + "/" + kind;
        // One transaction-scoped lock per group, so two instances raising together still group.
        jdbc.queryForObject("SELECT pg_advisory_xact_lock(hashtext(?))", Object.class, tenantId + "/" + group);
        int grouped = jdbc.update("""
                UPDATE alerts SET occurrences = occurrences + 1, last_at = now(), run_id = ?, message = ?, link = ?,
                       severity = CASE WHEN ? = 'page' THEN 'page' ELSE severity END
                 WHERE id = (SELECT id FROM alerts WHERE tenant_id = ? AND group_key = ?
                               AND last_at > now() - ?::interval ORDER BY last_at DESC LIMIT 1)""",
                runId, message, link, severity, tenantId, group, groupWindow.toSeconds() + " seconds");
        if (grouped > 0) {
            return null;
        }
        Long id = jdbc.queryForObject("""
                INSERT INTO alerts (tenant_id, pipeline_id, run_id, kind, severity, group_key, message, link)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""", Long.class,
                tenantId, pipelineId, runId, kind, severity, group, message, link);
        return find(tenantId, id);
    }

    public void notified(UUID tenantId, long alertId, String channelKind, String outcome) {
        jdbc.update("UPDATE alerts SET notified = notified || jsonb_build_array(jsonb_build_object('channel', ?::text,"
                + " 'outcome', ?::text, 'at', now())) WHERE tenant_id = ? AND id = ?", channelKind, outcome, tenantId, alertId);
    }

    public List<Alert> list(UUID tenantId, String pipelineCode, OffsetDateTime since, int limit, long offset) {
        return jdbc.query(SELECT + " WHERE a.tenant_id = ? AND (?::text IS NULL OR p.code = ?)"
                        + " AND (?::timestamptz IS NULL OR a.last_at >= ?) ORDER BY a.last_at DESC, a.id DESC LIMIT ? OFFSET ?",
                this::map, tenantId, pipelineCode, pipelineCode, since, since, limit, offset);
    }

    public long count(UUID tenantId, String pipelineCode, OffsetDateTime since) {
        Long n = jdbc.queryForObject("SELECT count(*) FROM alerts a LEFT JOIN pipelines p ON p.id = a.pipeline_id"
                        + " WHERE a.tenant_id = ? AND (?::text IS NULL OR p.code = ?) AND (?::timestamptz IS NULL OR a.last_at >= ?)",
                Long.class, tenantId, pipelineCode, pipelineCode, since, since);
        return n == null ? 0 : n;
    }

    /** Alerts of a pipeline still inside their grouping window: the open alarms a health page shows. */
    public List<Alert> open(UUID tenantId, UUID pipelineId) {
        return jdbc.query(SELECT + " WHERE a.tenant_id = ? AND a.pipeline_id = ? AND a.last_at > now() - ?::interval"
                + " ORDER BY a.last_at DESC", this::map, tenantId, pipelineId, groupWindow.toSeconds() + " seconds");
    }

    private Alert find(UUID tenantId, long id) {
        return jdbc.queryForObject(SELECT + " WHERE a.tenant_id = ? AND a.id = ?", this::map, tenantId, id);
    }

    private static final String SELECT = "SELECT a.*, p.code AS pipeline_code FROM alerts a"
            + " LEFT JOIN pipelines p ON p.id = a.pipeline_id AND p.tenant_id = a.tenant_id";

    private Alert map(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
        return new Alert(rs.getLong("id"), rs.getString("pipeline_code"), rs.getObject("run_id", UUID.class),
                rs.getString("kind"), rs.getString("severity"), rs.getString("message"), rs.getString("link"),
                rs.getInt("occurrences"), rs.getObject("first_at", OffsetDateTime.class),
                rs.getObject("last_at", OffsetDateTime.class));
    }
}
