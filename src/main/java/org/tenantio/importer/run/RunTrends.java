package org.tenantio.importer.run;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Finished import runs summed per UTC day: rows read, the share quarantined (reject rate), the
 * share merged or sent to review (duplicate rate), and the mean run duration. Days without runs
 * are present with zeros, so a chart's axis is the calendar.
 */
@Component
public class RunTrends {

    private final JdbcTemplate jdbc;

    public RunTrends(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record Day(LocalDate day, long runs, long rows, long rejected, long duplicates, Double meanSeconds) {
        public double rejectRate() {
            return rows == 0 ? 0 : (double) rejected / rows;
        }

        public double duplicateRate() {
            return rows == 0 ? 0 : (double) duplicates / rows;
        }
    }

    /** From and to are inclusive days. */
    public List<Day> daily(UUID tenantId, LocalDate from, LocalDate to, String pipeline) {
        return jdbc.query("""
                SELECT d::date,
                       count(r.id),
                       COALESCE(sum((r.counts ->> 'read')::bigint), 0),
                       COALESCE(sum((r.counts ->> 'quarantined')::bigint), 0),
                       COALESCE(sum(COALESCE((r.counts ->> 'merged')::bigint, 0) + COALESCE((r.counts ->> 'review')::bigint, 0)), 0),
                       avg(extract(epoch FROM r.completed_at - r.started_at))
                  FROM generate_series(?::date, ?::date, interval '1 day') AS d
                  LEFT JOIN (runs r JOIN pipelines p ON p.id = r.pipeline_id AND p.tenant_id = r.tenant_id AND p.direction = 'import'
                                                    AND (?::text IS NULL OR p.code = ?))
                         ON r.tenant_id = ? AND r.status IN ('completed', 'failed', 'rolled_back')
                        AND r.created_at >= (d AT TIME ZONE 'UTC') AND r.created_at < ((d + interval '1 day') AT TIME ZONE 'UTC')
                 GROUP BY d ORDER BY d""",
                (rs, i) -> new Day(rs.getObject(1, LocalDate.class), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        (Double) (rs.getObject(6) == null ? null : rs.getDouble(6))),
                from, to, pipeline, pipeline, tenantId);
    }
}
