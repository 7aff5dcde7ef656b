package org.tenantio.importer.quality;

import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.tenantio.importer.web.Page;

/** Reads the quarantine, within one tenant. */
@Component
public class ViolationQueries {

    private final JdbcTemplate jdbc;

    public ViolationQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Page<ViolationView> forRun(UUID tenantId, UUID runId, int limit, long offset) {
        Long total = jdbc.queryForObject("SELECT count(*) FROM dq_violations WHERE tenant_id = ? AND run_id = ?",
                Long.class, tenantId, runId);
        var items = jdbc.query("""
                SELECT id, row_number, rule_code, severity, field, value, message, hint, status FROM dq_violations
                 WHERE tenant_id = ? AND run_id = ? ORDER BY row_number, id LIMIT ? OFFSET ?""",
                (rs, i) -> new ViolationView(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9)),
                tenantId, runId, limit, offset);
        return new Page<>(items, total == null ? 0 : total, limit, offset);
    }

    public record ViolationView(long id, long rowNumber, String ruleCode, String severity, String field, String value,
                                String message, String hint, String status) {
    }
}
