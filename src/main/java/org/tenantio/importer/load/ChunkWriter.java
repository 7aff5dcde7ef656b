package org.tenantio.importer.load;

import org.tenantio.importer.db.PlannerStatistics;

import org.tenantio.importer.db.TenantEntityLock;

import org.tenantio.importer.db.CsvCopyWriter;

import org.tenantio.importer.db.PostgresCopy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import jakarta.annotation.PreDestroy;
import org.springframework.jdbc.core.JdbcTemplate;
import org.tenantio.importer.run.StepRetry;
import org.tenantio.importer.system.TenantScope;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.tenantio.importer.identity.IdentityResolution;
import org.tenantio.importer.privacy.ConsentGate;
import org.tenantio.importer.row.Violation;
import org.tenantio.importer.row.Outcome;
import org.tenantio.importer.row.RowChunk;
import org.tenantio.importer.row.RowState;
import org.tenantio.importer.row.RunContext;
import org.tenantio.importer.run.RunRepository;

/**
 * The load stage: writes one chunk in one transaction, set-based. Clean rows are COPYed into
 * a temporary table and upserted with a handful of statements keyed by
 * (tenant, entity type, external system, external id); every row, clean or not, is COPYed
 * into staging with its outcome; violations are COPYed into the quarantine; the run's counts
 * move forward in the same transaction, so they always match what was written.
 */
@Component("chunkWriter")
public class ChunkWriter {

    public static final String LOAD_STEP = "load";

    private static final String CREATE_TEMP = """
            CREATE TEMP TABLE IF NOT EXISTS chunk_rows (
                row_number bigint, ext_system text, ext_id text, attributes jsonb, content_hash text,
                core_id uuid, old_hash text, old_row jsonb, outcome text) ON COMMIT DELETE ROWS""";

    private final JdbcTemplate jdbc;
    private final PostgresCopy copy;
    private final TransactionTemplate tx;
    private final RunRepository runs;
    private final ObjectMapper json;
    private final PlannerStatistics statistics;
    private final TenantEntityLock lock;
    private final StepRetry retry;
    private final IdentityResolution identity;
    private final ConsentGate consent;
    private final Map<UUID, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();
    private final ExecutorService writers = Executors.newCachedThreadPool(runnable -> {
        Thread t = new Thread(runnable, "chunk-writer");
        t.setDaemon(true);
        return t;
    });

    private org.tenantio.importer.metrics.RunMeters meters;

    public ChunkWriter(JdbcTemplate jdbc, PostgresCopy copy, TransactionTemplate tx, RunRepository runs, ObjectMapper json,
                       PlannerStatistics statistics, TenantEntityLock lock, StepRetry retry,
                       IdentityResolution identity, ConsentGate consent) {
        this.consent = consent;
        this.retry = retry;
        this.identity = identity;
        this.lock = lock;
        this.statistics = statistics;
        this.jdbc = jdbc;
        this.copy = copy;
        this.tx = tx;
        this.runs = runs;
        this.json = json;
    }

    /**
     * Hands the chunk to a writer thread and returns, so the route prepares the next chunk while
     * this one is written. A run has at most one write in flight: the next write (or the end of
     * the run) waits for it first and fails if it failed, so chunks still commit in file order.
     */
    public RowChunk write(RowChunk chunk) {
        UUID runId = chunk.context().runId();
        awaitWritten(runId);
        UUID tenantId = chunk.context().tenantId();
        // The writer thread works for the run's tenant; a transient failure retries the chunk's transaction.
        inFlight.put(runId, CompletableFuture.runAsync(() -> TenantScope.run(tenantId,
                () -> retry.call(tenantId, runId, LOAD_STEP, () -> {
                    writeNow(chunk);
                    return null;
                })), writers));
        return chunk;
    }

    /** Waits for the run's write in flight, if any; rethrows what it failed with. */
    public void awaitWritten(UUID runId) {
        CompletableFuture<Void> pending = inFlight.remove(runId);
        if (pending == null) {
            return;
        }
        try {
            pending.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** Waits for the run's write in flight and ignores how it ended: before a rollback, nothing may still be committing. */
    public void drain(UUID runId) {
        try {
            awaitWritten(runId);
        } catch (RuntimeException ignored) {
            // the run is failing already; its own failure is the one reported
        }
    }

    @PreDestroy
    void stop() {
        writers.shutdown();
    }

    /** Optional so the load path needs no metrics to work; set by Spring when the service runs. */
    @org.springframework.beans.factory.annotation.Autowired(required = false)
    void meters(org.tenantio.importer.metrics.RunMeters meters) {
        this.meters = meters;
    }

    private void writeNow(RowChunk chunk) {
        long began = System.nanoTime();
        writeInTransaction(chunk);
        if (meters != null) {
            meters.chunkWritten(chunk.context().tenantId(), chunk.context().pipelineCode(),
                    java.time.Duration.ofNanos(System.nanoTime() - began));
        }
    }

    private void writeInTransaction(RowChunk chunk) {
        RunContext ctx = chunk.context();
        tx.executeWithoutResult(status -> {
            jdbc.queryForObject("SELECT set_config('statement_timeout', ?, true)", String.class,
                    retry.policy(LOAD_STEP).timeout().toMillis() + "ms");
            lock.acquire(ctx.tenantId(), ctx.entityType());
            jdbc.execute(CREATE_TEMP);
            for (List<RowState> wave : waves(chunk)) {
                upsert(ctx, wave);
            }
            chunk.rows().stream().filter(RowState::quarantined).forEach(r -> r.outcome(Outcome.QUARANTINED));
            copyStaging(ctx, chunk.rows());
            copyViolations(ctx, chunk.rows());
            long read = runs.addProgress(ctx, chunk);
            statistics.refreshIfGrown(read - chunk.rows().size(), read);
        });
    }

    /**
     * Upserts clean rows outside a file run (a steward's corrected row), in the caller's
     * transaction: same keys, outcomes, change_log and lineage as a chunk; staging and counts
     * are the caller's to update.
     */
    public void upsertCorrected(RunContext ctx, List<RowState> rows) {
        lock.acquire(ctx.tenantId(), ctx.entityType());
        jdbc.execute(CREATE_TEMP);
        upsert(ctx, rows);
    }

    /**
     * Splits the clean rows so no key occurs twice in one set-based pass: a file that names
     * the same person twice gets an insert and then an update, as row-by-row would.
     */
    static List<List<RowState>> waves(RowChunk chunk) {
        String system = chunk.context().externalSystem();
        List<Map<String, RowState>> waves = new ArrayList<>();
        for (RowState row : chunk.rows()) {
            if (row.quarantined()) {
                continue;
            }
            String key = keySystem(system, row) + '\u0000' + keyValue(row);
            Map<String, RowState> wave = waves.stream().filter(w -> !w.containsKey(key)).findFirst().orElse(null);
            if (wave == null) {
                wave = new LinkedHashMap<>();
                waves.add(wave);
            }
            wave.put(key, row);
        }
        return waves.stream().map(w -> (List<RowState>) new ArrayList<>(w.values())).toList();
    }

    /** Rows without an external id are keyed by their normalised content, in a system of their own. */
    static String keySystem(String system, RowState row) {
        return row.externalId() == null ? system + "#content" : system;
    }

    static String keyValue(RowState row) {
        return row.externalId() == null ? row.contentHash() : row.externalId();
    }

    /**
     * Each row arrives with a fresh core id and outcome 'inserted'; one UPDATE then marks the
     * rows whose key already exists as updated or unchanged. Only those are read back, so a
     * first import writes each temporary row once and reads nothing.
     */
    private void upsert(RunContext ctx, List<RowState> rows) {
        String system = ctx.externalSystem();
        CsvCopyWriter csv = new CsvCopyWriter();
        for (RowState row : rows) {
            row.outcome(Outcome.INSERTED);
            row.recordId(UUID.randomUUID());
            csv.value(row.rowNumber()).value(keySystem(system, row)).value(keyValue(row))
                    .value(fieldsJson(row)).value(row.contentHash()).value(row.recordId()).value("inserted").endRow();
        }
        copy.copyIn("COPY chunk_rows (row_number, ext_system, ext_id, attributes, content_hash, core_id, outcome)"
                + " FROM STDIN (FORMAT csv)", csv.text());
        UUID t = ctx.tenantId();
        Map<Long, RowState> byNumber = new HashMap<>();
        rows.forEach(r -> byNumber.put(r.rowNumber(), r));
        jdbc.query("""
                UPDATE chunk_rows r SET core_id = c.id, old_hash = c.content_hash, old_row = to_jsonb(c),
                       outcome = CASE WHEN c.content_hash = r.content_hash
                                        OR (c.attributes @> r.attributes AND EXISTS (SELECT 1 FROM merge_log l
                                                WHERE l.survivor_id = c.id AND l.undone_at IS NULL))
                                      THEN 'unchanged' ELSE 'updated' END
                  FROM external_id_map m JOIN core_records c ON c.id = m.core_id
                 WHERE m.tenant_id = ? AND m.entity_type = ? AND c.tenant_id = ?
                   AND m.external_system = r.ext_system AND m.external_id = r.ext_id
                RETURNING r.row_number, r.outcome, r.core_id""", rs -> {
            RowState row = byNumber.get(rs.getLong(1));
            row.outcome(Outcome.valueOf(rs.getString(2).toUpperCase(java.util.Locale.ROOT)));
            row.recordId(rs.getObject(3, UUID.class));
        }, t, ctx.entityType(), t);
        consent.screen(ctx, byNumber);
        if (ctx.dryRun()) {
            rows.stream().filter(r -> r.outcome() == Outcome.INSERTED).forEach(r -> r.recordId(null));
        } else {
            boolean anyInserted = rows.stream().anyMatch(r -> r.outcome() == Outcome.INSERTED);
            // New rows are matched against the core and the chunk's earlier rows; each still gets
            // its own record, which a merge then points at its survivor.
            IdentityResolution.Plan plan = identity.plan(ctx, rows);
            writeCore(ctx, anyInserted, rows.stream().anyMatch(r -> r.outcome() == Outcome.UPDATED));
            identity.apply(ctx, plan, rows);
        }
        jdbc.execute("TRUNCATE chunk_rows");
    }

    /** Statements with nothing to do are skipped: cheaper, and no chance of a poor plan for zero rows. */
    private void writeCore(RunContext ctx, boolean anyInserted, boolean anyUpdated) {
        if (anyInserted) {
            insertCore(ctx);
        }
        if (anyUpdated) {
            updateCore(ctx);
        }
        if (anyInserted || anyUpdated) {
            jdbc.update("""
                    INSERT INTO change_log (tenant_id, run_id, core_id, operation, before, after)
                    SELECT ?, ?, core_id, CASE outcome WHEN 'inserted' THEN 'insert' ELSE 'update' END, old_row,
                           CASE outcome WHEN 'updated'
                                THEN jsonb_build_object('attributes', attributes, 'content_hash', content_hash) END
                      FROM chunk_rows WHERE outcome IN ('inserted', 'updated') ORDER BY row_number""",
                    ctx.tenantId(), ctx.runId());
        }
    }

    private void insertCore(RunContext ctx) {
        UUID t = ctx.tenantId();
        String entity = ctx.entityType();
        jdbc.update("""
                INSERT INTO core_records (id, tenant_id, entity_type, attributes, content_hash,
                                          x_tenant_id, x_pipeline_id, x_run_id, x_source_file, x_row_number)
                SELECT core_id, ?, ?, attributes, content_hash, ?, ?, ?, ?, row_number
                  FROM chunk_rows WHERE outcome = 'inserted'""",
                t, entity, t, ctx.pipelineId(), ctx.runId(), ctx.sourceFile());
        jdbc.update("""
                INSERT INTO external_id_map (tenant_id, entity_type, external_system, external_id, core_id,
                                             first_seen_run, last_seen_run)
                SELECT ?, ?, ext_system, ext_id, core_id, ?, ? FROM chunk_rows WHERE outcome = 'inserted'""",
                t, entity, ctx.runId(), ctx.runId());
    }

    private void updateCore(RunContext ctx) {
        UUID t = ctx.tenantId();
        String entity = ctx.entityType();
        jdbc.update("""
                UPDATE core_records c SET attributes = CASE WHEN EXISTS (SELECT 1 FROM merge_log l
                                                              WHERE l.survivor_id = c.id AND l.undone_at IS NULL)
                                                   THEN c.attributes || r.attributes ELSE r.attributes END,
                       content_hash = r.content_hash, updated_at = now(),
                       x_pipeline_id = ?, x_run_id = ?, x_source_file = ?, x_row_number = r.row_number,
                       x_ingested_at = now()
                  FROM chunk_rows r
                 WHERE r.outcome = 'updated' AND c.id = r.core_id AND c.tenant_id = ?""",
                ctx.pipelineId(), ctx.runId(), ctx.sourceFile(), t);
        jdbc.update("""
                UPDATE external_id_map m SET last_seen_run = ?, last_seen_at = now()
                  FROM chunk_rows r
                 WHERE r.outcome = 'updated' AND m.tenant_id = ? AND m.entity_type = ?
                   AND m.external_system = r.ext_system AND m.external_id = r.ext_id""",
                ctx.runId(), t, entity);
    }

    private void copyStaging(RunContext ctx, List<RowState> rows) {
        CsvCopyWriter csv = new CsvCopyWriter();
        for (RowState row : rows) {
            csv.value(ctx.tenantId()).value(ctx.runId()).value(row.rowNumber()).value(toJson(row.raw()))
                    .value(row.quarantined() ? null : fieldsJson(row)).value(row.contentHash())
                    .value(row.outcome().key()).value(row.recordId()).endRow();
        }
        copy.copyInto("staging_rows", "tenant_id, run_id, row_number, raw, normalized, checksum, outcome, record_id", csv.text());
    }

    private void copyViolations(RunContext ctx, List<RowState> rows) {
        CsvCopyWriter csv = new CsvCopyWriter();
        for (RowState row : rows) {
            for (Violation v : row.violations()) {
                csv.value(ctx.tenantId()).value(ctx.runId()).value(row.rowNumber()).value(ctx.entityType())
                        .value(v.ruleCode()).value(v.severity().name().toLowerCase(java.util.Locale.ROOT))
                        .value(v.field()).value(v.value()).value(v.message()).value(v.hint())
                        .value(ctx.rules().categoryOf(v.ruleCode())).endRow();
            }
        }
        copy.copyInto("dq_violations", "tenant_id, run_id, row_number, entity_type, rule_code, severity, field, value, message,"
                + " hint, category", csv.text());
    }


    /** Serialised once per row: the same text goes to the upsert and to staging. */
    private String fieldsJson(RowState row) {
        if (row.fieldsJson() == null) {
            row.fieldsJson(toJson(row.fields()));
        }
        return row.fieldsJson();
    }

    private String toJson(Map<String, String> map) {
        try {
            return json.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Row cannot be written as JSON", e);
        }
    }
}
