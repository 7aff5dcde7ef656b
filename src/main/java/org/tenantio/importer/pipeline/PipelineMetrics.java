package org.tenantio.importer.pipeline;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** How a pipeline's runs went, computed from its runs in one query. */
@Component
public class PipelineMetrics {

    private final JdbcTemplate jdbc;

    public PipelineMetrics(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param rowsFailed rows that did not load: quarantined plus parse errors
     * @param errorRate  rowsFailed / rowsProcessed, or 0 with no rows
     * @param p50Seconds median run latency (queued to finished) of finished runs; null with none
     */
    public record Figures(long runs, long completed, long failed, long rowsProcessed, long rowsFailed, double errorRate,
                          OffsetDateTime lastRunAt, String lastRunStatus, Double p50Seconds, Double p95Seconds) {
    }

    public Figures of(UUID tenantId, UUID pipelineId) {
        return jdbc.queryForObject("""
                WITH r AS (SELECT * FROM runs WHERE tenant_id = ? AND pipeline_id = ?),
                     latency AS (SELECT extract(epoch FROM completed_at - created_at) AS s FROM r WHERE completed_at IS NOT NULL),
                     last AS (SELECT created_at, status FROM r ORDER BY created_at DESC LIMIT 1)
                SELECT (SELECT count(*) FROM r) AS runs,
                       (SELECT count(*) FROM r WHERE status = 'completed') AS completed,
                       (SELECT count(*) FROM r WHERE status IN ('failed', 'rolled_back')) AS failed,
                       (SELECT COALESCE(sum((counts ->> 'read')::bigint), 0) FROM r) AS processed,
                       (SELECT COALESCE(sum(COALESCE((counts ->> 'quarantined')::bigint, 0)), 0) FROM r) AS failed_rows,
                       (SELECT created_at FROM last) AS last_at, (SELECT status FROM last) AS last_status,
                       (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY s) FROM latency) AS p50,
                       (SELECT percentile_cont(0.95) WITHIN GROUP (ORDER BY s) FROM latency) AS p95""",
                (rs, i) -> {
                    long processed = rs.getLong("processed");
                    long failedRows = rs.getLong("failed_rows");
                    return new Figures(rs.getLong("runs"), rs.getLong("completed"), rs.getLong("failed"), processed,
                            failedRows, processed == 0 ? 0 : (double) failedRows / processed,
                            rs.getObject("last_at", OffsetDateTime.class), rs.getString("last_status"),
                            (Double) rs.getObject("p50"), (Double) rs.getObject("p95"));
                }, tenantId, pipelineId);
    }
}
