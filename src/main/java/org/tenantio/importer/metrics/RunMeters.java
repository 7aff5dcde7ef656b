package org.tenantio.importer.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.tenantio.importer.row.Outcome;
import org.tenantio.importer.run.RunFinished;
import org.tenantio.importer.run.RunRepository;
import org.tenantio.importer.run.RunView;
import org.tenantio.importer.system.TenantScope;

/**
 * Per tenant and pipeline, once a run's end has committed: runs by status, rows by outcome,
 * quarantined rows by rule code, merges and review suggestions, run duration and queue latency.
 * Labels are codes only (tenant, pipeline, status, outcome, rule): never a file name, a run id
 * or a value from a row.
 */
@Component
public class RunMeters {

    static final String RUNS = "importer.runs";
    static final String ROWS = "importer.rows";
    static final String QUARANTINED = "importer.quarantined.rows";
    static final String MERGES = "importer.merges";
    static final String REVIEWS = "importer.review.suggestions";
    static final String DURATION = "importer.run.duration";
    static final String QUEUE_LATENCY = "importer.run.queue.latency";
    static final String CHUNK_WRITE = "importer.chunk.write";

    private final MeterRegistry registry;
    private final RunRepository runs;
    private final JdbcTemplate jdbc;
    private final TenantLabels tenants;

    public RunMeters(MeterRegistry registry, RunRepository runs, JdbcTemplate jdbc, TenantLabels tenants) {
        this.registry = registry;
        this.runs = runs;
        this.jdbc = jdbc;
        this.tenants = tenants;
    }

    @TransactionalEventListener(fallbackExecution = true)
    public void onRunFinished(RunFinished finished) {
        TenantScope.run(finished.tenantId(), () -> runs.find(finished.tenantId(), finished.runId())
                .ifPresent(run -> record(run, finished.status().key())));
    }

    private void record(RunView run, String status) {
        String tenant = tenants.of(run.tenantId());
        String pipeline = run.pipelineCode() == null ? "none" : run.pipelineCode();
        Counter.builder(RUNS).description("Runs that ended, by status").tags("tenant", tenant, "pipeline", pipeline,
                "status", status).register(registry).increment();
        Map<String, Object> counts = run.counts() == null ? Map.of() : run.counts();
        for (Outcome outcome : Outcome.values()) {
            long n = number(counts.get(outcome.key()));
            if (n > 0) {
                Counter.builder(ROWS).description("Input rows, by the outcome each ended in")
                        .tags("tenant", tenant, "pipeline", pipeline, "outcome", outcome.key()).register(registry).increment(n);
            }
        }
        count(MERGES, "Rows auto-merged into an existing record", tenant, pipeline, number(counts.get(Outcome.MERGED.key())));
        count(REVIEWS, "Rows loaded with a duplicate suggestion for review", tenant, pipeline,
                number(counts.get(Outcome.REVIEW.key())));
        quarantinedByRule(run.tenantId(), run.id()).forEach(row -> Counter.builder(QUARANTINED)
                .description("Quarantined rows, by the rule that stopped them")
                .tags("tenant", tenant, "pipeline", pipeline, "rule_code", String.valueOf(row.get("rule_code")))
                .register(registry).increment(number(row.get("n"))));
        if (run.startedAt() != null && run.completedAt() != null) {
            timer(DURATION, "Run time, start to end", tenant, pipeline)
                    .record(Duration.between(run.startedAt(), run.completedAt()));
        }
        if (run.startedAt() != null && run.createdAt() != null) {
            timer(QUEUE_LATENCY, "Time a run waited in the queue before it started", tenant, pipeline)
                    .record(Duration.between(run.createdAt(), run.startedAt()));
        }
    }

    /** The time one chunk took to write (its transaction), called by the load path. */
    public void chunkWritten(UUID tenantId, String pipeline, Duration took) {
        timer(CHUNK_WRITE, "Time to write one chunk to staging and the core", tenants.of(tenantId), pipeline).record(took);
    }

    private java.util.List<Map<String, Object>> quarantinedByRule(UUID tenantId, UUID runId) {
        return jdbc.queryForList("""
                SELECT rule_code, count(DISTINCT row_number) AS n FROM dq_violations
                 WHERE tenant_id = ? AND run_id = ? AND severity = 'error' GROUP BY rule_code""", tenantId, runId);
    }

    private void count(String name, String description, String tenant, String pipeline, long n) {
        if (n > 0) {
            Counter.builder(name).description(description).tags("tenant", tenant, "pipeline", pipeline)
                    .register(registry).increment(n);
        }
    }

    private Timer timer(String name, String description, String tenant, String pipeline) {
        return Timer.builder(name).description(description).tags("tenant", tenant, "pipeline", pipeline)
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(5))
                .maximumExpectedValue(Duration.ofHours(6)).register(registry);
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }
}
