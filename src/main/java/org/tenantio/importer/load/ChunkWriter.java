package org.tenantio.importer.load;

import org.tenantio.importer.db.PlannerStatistics;

import org.tenantio.importer.db.TenantEntityLock;

import org.tenantio.importer.db.CsvCopyWriter;

import org.tenantio.importer.db.PostgresCopy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
import org.tenantio.importer.quality.RowValidator;

/**
 * The load stage: writes one chunk in one transaction, set-based. Clean rows are COPYed into
 * a temporary table and upserted with a handful of statements keyed by
 * (tenant, entity type, external system, external id); every row, clean or not, is COPYed
 * into staging with its outcome; violations are COPYed into the quarantine; the run's counts
 * move forward in the same transaction, so they always match what was written.
 */
@Component("chunkWriter")
public class ChunkWriter {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ChunkWriter.class);

    public static final String LOAD_STEP = "load";

    static final String CREATE_TEMP = """
            CREATE TEMP TABLE IF NOT EXISTS chunk_rows (
                row_number bigint, ext_system text, ext_id text, attributes jsonb, content_hash text,
                core_id uuid, old_hash text, old_row jsonb, outcome text, raw_hash text) ON COMMIT DELETE ROWS""";

    /**
     * Marks the chunk's rows whose key exists (updated or unchanged, with the key's record): one
     * primary-key probe per row, driven from the chunk's rows. Planned as a join, this became a
     * hash join over the tenant's whole external_id_map once it outgrew a chunk, and, with stale
     * statistics, a nested loop the wrong way round (5 s a chunk); the LATERAL with its LIMIT
     * fixes the direction whatever the statistics say (ChunkPlansIT).
     */
    static final String KEY_LOOKUP = """
            UPDATE chunk_rows r SET core_id = x.id, old_hash = x.content_hash, outcome = x.outcome
              FROM (SELECT r2.row_number, k.id, k.content_hash, k.seen,
                           CASE WHEN k.source_hash = r2.content_hash THEN 'unchanged'
                                WHEN k.source_hash IS NULL AND (k.content_hash = r2.content_hash
                                  OR (k.attributes @> r2.attributes AND EXISTS (SELECT 1 FROM merge_log l
                                          WHERE l.survivor_id = k.id AND l.undone_at IS NULL)))
                                THEN 'unchanged' ELSE 'updated' END AS outcome
                      FROM chunk_rows r2
                     CROSS JOIN LATERAL (SELECT c.id, c.content_hash, c.attributes, m.source_hash,
                                                (m.first_seen_run = ? OR m.last_seen_run = ?) AS seen
                                           FROM external_id_map m JOIN core_records c ON c.id = m.core_id AND c.tenant_id = ?
                                          WHERE m.tenant_id = ? AND m.entity_type = ?
                                            AND m.external_system = r2.ext_system AND m.external_id = r2.ext_id
                                          LIMIT 1) k) x
             WHERE r.row_number = x.row_number
            RETURNING r.row_number, r.outcome, r.core_id, x.seen""";

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
    private final ChunkOrder order;
    private final UnchangedRows unchanged;
    private final RowValidator validator;
    private java.util.concurrent.ExecutorService statisticsExecutor;

    private org.tenantio.importer.metrics.RunMeters meters;

    public ChunkWriter(JdbcTemplate jdbc, PostgresCopy copy, TransactionTemplate tx, RunRepository runs, ObjectMapper json,
                       PlannerStatistics statistics, TenantEntityLock lock, StepRetry retry,
                       IdentityResolution identity, ChunkOrder order, ConsentGate consent, UnchangedRows unchanged,
                       RowValidator validator) {
        this.order = order;
        this.unchanged = unchanged;
        this.validator = validator;
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
     * Writes chunk {@code index} (0-based, in file order) of its run once every earlier chunk of
     * the run is written: chunks are prepared in parallel, committed in order. The chunk is one
     * transaction; a transient failure retries it (StepRetry, step "load").
     */
    public RowChunk write(RowChunk chunk, long index) {
        UUID runId = chunk.context().runId();
        UUID tenantId = chunk.context().tenantId();
        return order.inTurn(runId, index, () -> TenantScope.call(tenantId,
                () -> retry.call(tenantId, runId, LOAD_STEP, () -> {
                    writeNow(chunk);
                    return chunk;
                })));
    }

    /** Before the run's first chunk: its chunks are written from chunk 0 on. */
    public void begin(String runId) {
        order.open(UUID.fromString(runId));
    }

    /**
     * A chunk of the run failed before or while it was written: no later chunk of the run is
     * written. Rethrows the failure so the route stops the run.
     */
    public void abandon(String runId, long index, Exception failure) throws Exception {
        order.fail(UUID.fromString(runId), index, failure instanceof RuntimeException r ? r : new IllegalStateException(failure));
        throw failure;
    }

    /** At the end of the run: rethrows what a write failed with. */
    public void awaitWritten(UUID runId) {
        try {
            order.finish(runId);
        } finally {
            identity.runEnded(runId);
        }
    }

    /** Before a rollback: no further chunk of the run starts and the write in progress, if any, has ended. */
    public void drain(UUID runId) {
        try {
            order.stop(runId, new IllegalStateException("Run " + runId + " is failing"));
        } finally {
            identity.runEnded(runId);
        }
    }

    /** Encryption at rest of the rows' personal values (crypto.PersonalData; docs/operations.md "Encryption"). */
    private org.tenantio.importer.crypto.PersonalData personal;

    @org.springframework.beans.factory.annotation.Autowired
    void personalData(org.tenantio.importer.crypto.PersonalData personal) {
        this.personal = personal;
    }

    @org.springframework.beans.factory.annotation.Autowired
    void statisticsExecutor(@org.springframework.beans.factory.annotation.Qualifier(ImportExecutors.STATISTICS_EXECUTOR)
                            java.util.concurrent.ExecutorService executor) {
        this.statisticsExecutor = executor;
    }

    /** Optional so the load path needs no metrics to work; set by Spring when the service runs. */
    @org.springframework.beans.factory.annotation.Autowired(required = false)
    void meters(org.tenantio.importer.metrics.RunMeters meters) {
        this.meters = meters;
    }

    private void writeNow(RowChunk chunk) {
        long began = System.nanoTime();
        writeInTransaction(chunk);
        log.debug("Chunk of {} row(s) written in {} ms", chunk.rows().size(), (System.nanoTime() - began) / 1_000_000);
        if (meters != null) {
            meters.chunkWritten(chunk.context().tenantId(), chunk.context().pipelineCode(),
                    java.time.Duration.ofNanos(System.nanoTime() - began));
        }
    }

    private void writeInTransaction(RowChunk chunk) {
        RunContext ctx = chunk.context();
        long[] read = {0};
        tx.executeWithoutResult(status -> {
            jdbc.queryForObject("SELECT set_config('statement_timeout', ?, true)", String.class,
                    retry.policy(LOAD_STEP).timeout().toMillis() + "ms");
            lock.acquire(ctx.tenantId(), ctx.entityType());
            jdbc.execute(CREATE_TEMP);
            UnchangedRows.Confirmed confirmed = unchanged.confirm(ctx,
                    chunk.rows().stream().filter(RowState::loadedBefore).toList());
            if (!confirmed.stale().isEmpty()) {
                validator.validate(new RowChunk(ctx, confirmed.stale(), chunk.bytesRead(), chunk.elapsedNanos()));
            }
            long repeats = confirmed.seenInRun() + upsertOnce(ctx,
                    chunk.rows().stream().filter(r -> !r.quarantined() && !r.loadedBefore()).toList());
            if (repeats > 0) {
                reportRepeats(ctx, repeats);
            }
            chunk.rows().stream().filter(RowState::quarantined).forEach(r -> r.outcome(Outcome.QUARANTINED));
            copyStaging(ctx, chunk.rows());
            copyViolations(ctx, chunk.rows());
            read[0] = runs.addProgress(ctx, chunk);
        });
        // a chunk that wrote no record (unchanged, quarantined, refused rows) grew no table
        if (chunk.rows().stream().anyMatch(r -> r.outcome() == Outcome.INSERTED || r.outcome() == Outcome.UPDATED
                || r.outcome() == Outcome.MERGED || r.outcome() == Outcome.REVIEW)) {
            refreshStatisticsLater(read[0] - chunk.rows().size(), read[0]);
        }
    }

    /**
     * Once the chunk's rows are committed (so they are counted), off the writer's path; a refresh
     * that finds one running and one waiting is not needed (the waiting one sees what grew).
     */
    private void refreshStatisticsLater(long before, long after) {
        if (!PlannerStatistics.crossesThreshold(before, after)) {
            return;
        }
        try {
            statisticsExecutor.execute(() -> {
                try {
                    statistics.refreshIfGrown(before, after);
                } catch (RuntimeException e) {
                    log.warn("Planner statistics were not refreshed: {}", e.toString());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("A refresh of planner statistics is running and another waits: this one is not needed");
        }
    }

    /**
     * Upserts clean rows outside a file run (a steward's corrected row), in the caller's
     * transaction: same keys, outcomes, change_log and lineage as a chunk; staging and counts
     * are the caller's to update.
     */
    public void upsertCorrected(RunContext ctx, List<RowState> rows) {
        lock.acquire(ctx.tenantId(), ctx.entityType());
        jdbc.execute(CREATE_TEMP);
        upsertOnce(ctx, rows);
    }

    /**
     * Upserts clean rows in one set-based pass, however often a key repeats among them; returns
     * how many rows named a key an earlier row of the same run named already (in this chunk or
     * an earlier one).
     */
    private long upsertOnce(RunContext ctx, List<RowState> clean) {
        if (clean.isEmpty()) {
            // a chunk of unchanged (or quarantined) rows: no temporary rows, no consent or identity round trips
            return 0;
        }
        RepeatedKeys keys = RepeatedKeys.of(ctx.externalSystem(), clean);
        long seenInRun = upsert(ctx, keys.latest());
        keys.settle();
        return keys.repeats() + seenInRun;
    }

    /** The run's report counts the rows whose key an earlier row of the file named already. */
    private void reportRepeats(RunContext ctx, long repeats) {
        jdbc.update("""
                UPDATE runs SET report = jsonb_set(report, '{repeatedKeys}',
                                                   to_jsonb(COALESCE((report ->> 'repeatedKeys')::bigint, 0) + ?))
                 WHERE id = ? AND tenant_id = ?""", repeats, ctx.runId(), ctx.tenantId());
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
    private long upsert(RunContext ctx, List<RowState> rows) {
        String system = ctx.externalSystem();
        CsvCopyWriter csv = new CsvCopyWriter();
        for (RowState row : rows) {
            row.outcome(Outcome.INSERTED);
            row.recordId(org.tenantio.importer.db.RecordIds.next());
            // only a row that loads without any violation may take the unchanged fast path next time
            csv.value(row.rowNumber()).value(keySystem(system, row)).value(keyValue(row))
                    .value(fieldsJson(ctx, row)).value(row.contentHash()).value(row.recordId()).value("inserted")
                    .value(row.violations().isEmpty() ? row.rawHash() : null).endRow();
        }
        copy.copyIn("COPY chunk_rows (row_number, ext_system, ext_id, attributes, content_hash, core_id, outcome, raw_hash)"
                + " FROM STDIN (FORMAT csv)", csv.text());
        UUID t = ctx.tenantId();
        Map<Long, RowState> byNumber = new HashMap<>();
        rows.forEach(r -> byNumber.put(r.rowNumber(), r));
        long[] seenInRun = {0};
        // Unchanged means: this source sends what it sent last time for this key (source_hash),
        // whatever merges did to the record since. Keys loaded before source_hash existed fall
        // back to the record's own hash.
        jdbc.query(KEY_LOOKUP, rs -> {
            RowState row = byNumber.get(rs.getLong(1));
            row.outcome(Outcome.valueOf(rs.getString(2).toUpperCase(java.util.Locale.ROOT)));
            row.recordId(rs.getObject(3, UUID.class));
            if (rs.getBoolean(4)) {
                seenInRun[0]++;
            }
        }, ctx.runId(), ctx.runId(), t, t, ctx.entityType());
        consent.screen(ctx, byNumber);
        if (ctx.dryRun()) {
            rows.stream().filter(r -> r.outcome() == Outcome.INSERTED).forEach(r -> r.recordId(null));
        } else {
            boolean anyInserted = rows.stream().anyMatch(r -> r.outcome() == Outcome.INSERTED);
            // New rows are matched against the core and the chunk's earlier rows; each still gets
            // its own record, which a merge then points at its survivor.
            IdentityResolution.Plan plan = consent.screenMerges(ctx, identity.plan(ctx, rows));
            writeCore(ctx, anyInserted, rows.stream().anyMatch(r -> r.outcome() == Outcome.UPDATED));
            identity.apply(ctx, plan, rows);
            if (rows.stream().anyMatch(r -> r.outcome() == Outcome.UNCHANGED && r.rawHash() != null)) {
                rememberRawHashes(ctx);
            }
        }
        jdbc.execute("TRUNCATE chunk_rows");
        return seenInRun[0];
    }

    /**
     * A key found unchanged the full way (loaded before raw_hash existed, or under other settings)
     * learns the digest of the row that reproduced its source_hash: next time it takes the fast path.
     */
    private void rememberRawHashes(RunContext ctx) {
        jdbc.update("""
                UPDATE external_id_map m SET raw_hash = r.raw_hash FROM chunk_rows r
                 WHERE r.outcome = 'unchanged' AND r.raw_hash IS NOT NULL
                   AND m.tenant_id = ? AND m.entity_type = ? AND m.external_system = r.ext_system AND m.external_id = r.ext_id
                   AND m.source_hash = r.content_hash AND m.raw_hash IS DISTINCT FROM r.raw_hash""",
                ctx.tenantId(), ctx.entityType());
    }

    /** Statements with nothing to do are skipped: cheaper, and no chance of a poor plan for zero rows. */
    private void writeCore(RunContext ctx, boolean anyInserted, boolean anyUpdated) {
        if (anyInserted) {
            insertCore(ctx);
        }
        if (anyUpdated) {
            // before-images for rollback, read only for the rows about to change
            jdbc.update("""
                    UPDATE chunk_rows r SET old_row = to_jsonb(c) FROM core_records c
                     WHERE r.outcome = 'updated' AND c.id = r.core_id AND c.tenant_id = ?""", ctx.tenantId());
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
                                             first_seen_run, last_seen_run, source_hash, raw_hash)
                SELECT ?, ?, ext_system, ext_id, core_id, ?, ?, content_hash, raw_hash FROM chunk_rows WHERE outcome = 'inserted'""",
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
                UPDATE external_id_map m SET last_seen_run = ?, last_seen_at = now(), source_hash = r.content_hash,
                       raw_hash = r.raw_hash
                  FROM chunk_rows r
                 WHERE r.outcome = 'updated' AND m.tenant_id = ? AND m.entity_type = ?
                   AND m.external_system = r.ext_system AND m.external_id = r.ext_id""",
                ctx.runId(), t, entity);
    }

    /**
     * Every row's staging entry. Compact ones (outcome, checksum and record only) go in with one
     * INSERT from arrays; rows staged in full through COPY and the table's temporary twin (row-level
     * security refuses COPY into the table itself), which wrote each compact row twice.
     */
    private void copyStaging(RunContext ctx, List<RowState> rows) {
        CsvCopyWriter csv = new CsvCopyWriter();
        List<RowState> compact = new java.util.ArrayList<>(rows.size());
        for (RowState row : rows) {
            if (compactlyStaged(ctx, row)) {
                compact.add(row);
                continue;
            }
            csv.value(ctx.tenantId()).value(ctx.runId()).value(row.rowNumber())
                    .value(personal.sealRaw(ctx.tenantId(), row.raw()))
                    .value(row.quarantined() ? null : fieldsJson(ctx, row)).value(row.contentHash())
                    .value(row.outcome().key()).value(row.recordId()).endRow();
        }
        if (!compact.isEmpty()) {
            jdbc.update("""
                    INSERT INTO staging_rows (tenant_id, run_id, row_number, checksum, outcome, record_id)
                    SELECT ?, ?, x.row_number, x.checksum, x.outcome, x.record_id
                      FROM unnest(?::bigint[], ?::text[], ?::text[], ?::uuid[]) AS x(row_number, checksum, outcome, record_id)""",
                    ctx.tenantId(), ctx.runId(), compact.stream().map(RowState::rowNumber).toArray(Long[]::new),
                    compact.stream().map(RowState::contentHash).toArray(String[]::new),
                    compact.stream().map(r -> r.outcome().key()).toArray(String[]::new),
                    compact.stream().map(RowState::recordId).toArray(UUID[]::new));
        }
        copy.copyInto("staging_rows", "tenant_id, run_id, row_number, raw, normalized, checksum, outcome, record_id", csv.text());
    }

    /**
     * A row that landed in the core without any violation keeps its outcome, checksum and lineage
     * only: the archived file has it as read, its record what it loaded as. Rows with violations
     * (quarantined or warned, which stewards look at and fix) and rows refused by consent or
     * erasure keep the row as read and as normalised, and so does every row of a dry run (its
     * preview is all there is of it).
     */
    static boolean compactlyStaged(RunContext ctx, RowState row) {
        return !ctx.dryRun() && row.violations().isEmpty() && row.recordId() != null && row.outcome() != null && row.outcome().landed();
    }

    /**
     * Violations of the chunk. One already open for the same row content (same pipeline, same raw
     * row) and the same rule and field is not opened again: the new run records a {@code repeat}
     * pointing at it (same_as), so importing a file twice leaves one open copy to work on. Within
     * the chunk, the first row of a content opens it and its later copies repeat it.
     */
    private void copyViolations(RunContext ctx, List<RowState> rows) {
        CsvCopyWriter csv = new CsvCopyWriter();
        for (RowState row : rows) {
            if (row.violations().isEmpty()) {
                continue;
            }
            String contentKey = contentKey(ctx, row);
            for (Violation v : row.violations()) {
                csv.value(ctx.runId()).value(row.rowNumber()).value(ctx.entityType())
                        .value(v.ruleCode()).value(v.severity().name().toLowerCase(java.util.Locale.ROOT))
                        .value(v.field()).value(personal.seal(v.value())).value(v.message()).value(v.hint())
                        .value(ctx.rules().categoryOf(v.ruleCode())).value(contentKey).endRow();
            }
        }
        if (csv.isEmpty()) {
            return;
        }
        jdbc.execute("""
                CREATE TEMP TABLE IF NOT EXISTS chunk_violations (run_id uuid, row_number bigint, entity_type text,
                    rule_code text, severity text, field text, value text, message text, hint text, category text,
                    content_key text) ON COMMIT DELETE ROWS""");
        jdbc.execute("TRUNCATE chunk_violations");
        copy.copyIn("COPY chunk_violations FROM STDIN (FORMAT csv)", csv.text());
        UUID t = ctx.tenantId();
        jdbc.update("""
                INSERT INTO dq_violations (tenant_id, run_id, row_number, entity_type, rule_code, severity, field, value,
                                           message, hint, category, content_key, status)
                SELECT DISTINCT ON (v.content_key, v.rule_code, COALESCE(v.field, ''))
                       ?, v.run_id, v.row_number, v.entity_type, v.rule_code, v.severity, v.field, v.value, v.message,
                       v.hint, v.category, v.content_key, 'open'
                  FROM chunk_violations v
                 WHERE NOT EXISTS (SELECT 1 FROM dq_violations o
                                    WHERE o.tenant_id = ? AND o.entity_type = v.entity_type AND o.status = 'open'
                                      AND o.content_key = v.content_key AND o.rule_code = v.rule_code
                                      AND COALESCE(o.field, '') = COALESCE(v.field, ''))
                 ORDER BY v.content_key, v.rule_code, COALESCE(v.field, ''), v.row_number
                ON CONFLICT DO NOTHING""", t, t);
        jdbc.update("""
                INSERT INTO dq_violations (tenant_id, run_id, row_number, entity_type, rule_code, severity, field, value,
                                           message, hint, category, content_key, status, same_as)
                SELECT ?, v.run_id, v.row_number, v.entity_type, v.rule_code, v.severity, v.field, v.value, v.message,
                       v.hint, v.category, v.content_key, 'repeat', o.id
                  FROM chunk_violations v
                  JOIN dq_violations o ON o.tenant_id = ? AND o.entity_type = v.entity_type AND o.status = 'open'
                                      AND o.content_key = v.content_key AND o.rule_code = v.rule_code
                                      AND COALESCE(o.field, '') = COALESCE(v.field, '')
                 WHERE NOT (o.run_id = v.run_id AND o.row_number = v.row_number)""", t, t);
    }

    /** The row as read, in its pipeline: what makes two quarantined rows "the same row again". */
    private String contentKey(RunContext ctx, RowState row) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            sha.update(ctx.pipelineId().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(toJson(row.raw()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(sha.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Serialised once per row, its sensitive fields sealed: the same text goes to the upsert and to staging. */
    private String fieldsJson(RunContext ctx, RowState row) {
        if (row.fieldsJson() == null) {
            row.fieldsJson(personal.sealFields(ctx.tenantId(), ctx.entityType(), row.fields()));
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
