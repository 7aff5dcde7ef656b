package org.tenantio.importer.health;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.tenantio.importer.run.RunTrends;

/**
 * Import runs per UTC day with their freshness: the run totals of {@link RunTrends} plus, from
 * each completed run's reconciliation, the newest {@code source_updated_at} seen that day and
 * the smallest lag a run measured. One series serves the health endpoint and the console's chart.
 */
@Component
public class SourceTrends {

    private final RunTrends runs;
    private final JdbcTemplate jdbc;

    public SourceTrends(RunTrends runs, JdbcTemplate jdbc) {
        this.runs = runs;
        this.jdbc = jdbc;
    }

    /** One day; the freshness figures are null on days without a run that reported them. */
    public record Day(LocalDate day, long runs, long rows, long rejected, long duplicates, double rejectRate,
                      double duplicateRate, Double meanSeconds, OffsetDateTime newestSourceUpdatedAt, Long freshnessLagSeconds) {
    }

    private record Freshness(OffsetDateTime newest, Long lagSeconds) {
    }

    /** From and to are inclusive days; pipeline null means every import pipeline of the tenant. */
    public List<Day> daily(UUID tenantId, LocalDate from, LocalDate to, String pipeline) {
        Map<LocalDate, Freshness> fresh = new HashMap<>();
        jdbc.query("""
                SELECT (r.created_at AT TIME ZONE 'UTC')::date,
                       max((r.report #>> '{reconciliation,freshness,newestSourceUpdatedAt}')::timestamptz),
                       min((r.report #>> '{reconciliation,freshness,lagSeconds}')::bigint)
                  FROM runs r JOIN pipelines p ON p.id = r.pipeline_id AND p.tenant_id = r.tenant_id AND p.direction = 'import'
                 WHERE r.tenant_id = ? AND (?::text IS NULL OR p.code = ?) AND r.status = 'completed' AND NOT r.dry_run
                   AND r.report #>> '{reconciliation,freshness,available}' = 'true'
                   AND r.created_at >= (?::date AT TIME ZONE 'UTC') AND r.created_at < ((?::date + 1) AT TIME ZONE 'UTC')
                 GROUP BY 1""",
                rs -> {
                    fresh.put(rs.getObject(1, LocalDate.class), new Freshness(rs.getObject(2, OffsetDateTime.class),
                            rs.getObject(3) == null ? null : rs.getLong(3)));
                }, tenantId, pipeline, pipeline, from, to);
        return runs.daily(tenantId, from, to, pipeline).stream().map(d -> {
            Freshness f = fresh.getOrDefault(d.day(), new Freshness(null, null));
            return new Day(d.day(), d.runs(), d.rows(), d.rejected(), d.duplicates(), d.rejectRate(), d.duplicateRate(),
                    d.meanSeconds(), f.newest(), f.lagSeconds());
        }).toList();
    }
}
