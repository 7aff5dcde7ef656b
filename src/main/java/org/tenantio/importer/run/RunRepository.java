package org.tenantio.importer.run;

import org.tenantio.importer.row.Outcome;

import org.tenantio.importer.row.RunContext;

import org.tenantio.importer.row.RowChunk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.tenantio.importer.tenant.RunQuotas;

/** Runs and their transitions. Every query names the tenant, except the worker's own by-id look-up. */
@Component
public class RunRepository {

    private static final String SELECT = """
            SELECT r.*, p.code AS pipeline_code FROM runs r JOIN pipelines p ON p.id = r.pipeline_id
            """;

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final RunQuotas quotas;
    private final ApplicationEventPublisher events;
    private final String instance;
    private final long leaseMillis;

    public RunRepository(JdbcTemplate jdbc, ObjectMapper json, RunQuotas quotas, ApplicationEventPublisher events,
                         ServiceInstance instance, RunLeaseProperties leases) {
        this.jdbc = jdbc;
        this.json = json;
        this.quotas = quotas;
        this.events = events;
        this.instance = instance.id();
        this.leaseMillis = leases.leaseTtl().toMillis();
    }

    /** A new run in status queued, with its first transition recorded; this instance queues it, so holds its lease. */
    @Transactional
    public UUID create(NewRun run) {
        return create(run, null);
    }

    /** As {@link #create(NewRun)}, for a run that reads the archived input of an earlier one again. */
    @Transactional
    public UUID create(NewRun run, UUID rerunOf) {
        UUID id = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO runs (id, tenant_id, pipeline_id, status, trigger, actor, file_name, input_ref, sha256,
                                  size_bytes, dry_run, counts, owner_instance, lease_expires_at, rerun_of, request_id)
                VALUES (?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, clock_timestamp() + ? * interval '1 millisecond', ?, ?)""",
                id, run.tenantId(), run.pipelineId(), run.trigger(), run.actor(), run.fileName(), run.inputRef(),
                run.sha256(), run.sizeBytes(), run.dryRun(), toJson(RunCounts.zero()), instance, leaseMillis, rerunOf,
                org.slf4j.MDC.get(org.tenantio.importer.system.LogContext.REQUEST_ID));
        jdbc.update("INSERT INTO run_transitions (tenant_id, run_id, from_status, to_status) VALUES (?, ?, NULL, 'queued')",
                run.tenantId(), id);
        return id;
    }

    /**
     * Moves a run to a new status if it is in one the new status may follow; records the
     * transition. Returns false (and changes nothing) when the run is elsewhere.
     * <p>
     * Moving to validating is the claim: one conditional update that makes this instance the
     * run's owner with a fresh lease, so of two deliveries of a run exactly one gets it. A run
     * past queued moves on only for its owner, so an instance that lost its lease (taken over
     * after a stall) cannot end a run another instance now works on. Completing also requires
     * (or going on to running) requires that no cancel was asked for.
     */
    @Transactional
    public boolean transition(UUID runId, RunStatus to, String note) {
        return transition(runId, to.allowedFrom(), to, note);
    }

    /** As {@link #transition(UUID, RunStatus, String)}, only from the given statuses (a subset of those allowed). */
    @Transactional
    public boolean transition(UUID runId, java.util.Set<RunStatus> allowed, RunStatus to, String note) {
        String[] from = allowed.stream().filter(to.allowedFrom()::contains).map(RunStatus::key).toArray(String[]::new);
        List<Map<String, Object>> changed = jdbc.queryForList("""
                WITH old AS (SELECT id, status FROM runs WHERE id = ? FOR UPDATE)
                UPDATE runs r SET status = ?,
                       started_at = CASE WHEN ? = 'validating' THEN COALESCE(r.started_at, now()) ELSE r.started_at END,
                       completed_at = CASE WHEN ? IN ('completed', 'failed', 'cancelled') THEN now() ELSE r.completed_at END,
                       owner_instance = CASE WHEN ? = 'validating' THEN ? ELSE r.owner_instance END,
                       lease_expires_at = CASE WHEN ? = 'validating' THEN clock_timestamp() + ? * interval '1 millisecond'
                                               ELSE r.lease_expires_at END
                  FROM old WHERE r.id = old.id AND old.status = ANY (?)
                   AND (old.status NOT IN ('validating', 'running') OR r.owner_instance IS NULL OR r.owner_instance = ?)
                   AND (? NOT IN ('running', 'completed') OR r.cancel_requested_at IS NULL)
                RETURNING r.tenant_id, old.status AS from_status""",
                runId, to.key(), to.key(), to.key(), to.key(), instance, to.key(), leaseMillis, from, instance, to.key());
        if (changed.isEmpty()) {
            return false;
        }
        UUID tenantId = (UUID) changed.get(0).get("tenant_id");
        jdbc.update("INSERT INTO run_transitions (tenant_id, run_id, from_status, to_status, note) VALUES (?, ?, ?, ?, ?)",
                tenantId, runId, changed.get(0).get("from_status"), to.key(), note);
        if (to.finished()) {
            quotas.release(tenantId, runId); // the run's concurrent slot, in the same transaction as its end
        }
        if (to == RunStatus.COMPLETED || to == RunStatus.FAILED || to == RunStatus.CANCELLED) {
            events.publishEvent(new RunFinished(tenantId, runId, to));
        }
        return true;
    }

    /** An export run's file: its name, where it is kept, its digest and size, and the rows it holds. */
    public void recordOutput(UUID tenantId, UUID runId, String fileName, String outputRef, String sha256, long sizeBytes,
                             long rows) {
        jdbc.update("""
                UPDATE runs SET file_name = ?, output_ref = ?, sha256 = ?, size_bytes = ?,
                       counts = counts || jsonb_build_object('rows', ?)
                 WHERE tenant_id = ? AND id = ?""", fileName, outputRef, sha256, sizeBytes, rows, tenantId, runId);
    }

    public void recordMappingVersion(UUID tenantId, UUID runId, int version) {
        jdbc.update("UPDATE runs SET mapping_version = ? WHERE tenant_id = ? AND id = ?", version, tenantId, runId);
    }

    /** Merges keys into the run's report (unmapped columns, missing columns, failure reason). */
    public void addToReport(UUID tenantId, UUID runId, Map<String, ?> entries) {
        jdbc.update("UPDATE runs SET report = report || ?::jsonb WHERE tenant_id = ? AND id = ?", toJson(entries), tenantId, runId);
    }

    /**
     * Adds a loaded chunk's outcomes to the run's counts, moves its progress on, and returns the
     * rows read so far. In the chunk's transaction, this is also its fence: the chunk commits only
     * while this instance still owns the running run and nobody asked to cancel it (else
     * {@link RunStopped}, and the chunk rolls back); the lease is renewed on the way.
     */
    public long addProgress(RunContext ctx, RowChunk chunk) {
        Map<String, Long> delta = new LinkedHashMap<>();
        delta.put("read", (long) chunk.rows().size());
        chunk.outcomeCounts().forEach((o, n) -> delta.put(o.key(), n));
        List<Long> updated = jdbc.queryForList("""
                UPDATE runs SET counts = (SELECT jsonb_object_agg(k, COALESCE((counts ->> k)::bigint, 0)
                                                              + COALESCE((?::jsonb ->> k)::bigint, 0))
                                            FROM jsonb_object_keys(counts || ?::jsonb) AS k),
                       lease_expires_at = clock_timestamp() + ? * interval '1 millisecond'
                 WHERE id = ? AND tenant_id = ? AND status = 'running' AND owner_instance = ?
                   AND cancel_requested_at IS NULL
                RETURNING (counts ->> 'read')::bigint""",
                Long.class, toJson(delta), toJson(delta), leaseMillis, ctx.runId(), ctx.tenantId(), instance);
        if (updated.isEmpty()) {
            throw stopped(ctx.tenantId(), ctx.runId());
        }
        Long read = updated.get(0);
        jdbc.update("UPDATE runs SET progress = ?::jsonb WHERE id = ? AND tenant_id = ?",
                toJson(RunProgress.of(read == null ? 0 : read, chunk.bytesRead(), ctx.sizeBytes(), chunk.elapsedNanos())),
                ctx.runId(), ctx.tenantId());
        return read == null ? 0 : read;
    }

    private RunStopped stopped(UUID tenantId, UUID runId) {
        Map<String, Object> now = jdbc.queryForList(
                "SELECT status, owner_instance, cancel_requested_by FROM runs WHERE id = ? AND tenant_id = ?", runId, tenantId)
                .stream().findFirst().orElse(Map.of());
        if (now.get("cancel_requested_by") != null) {
            return RunStopped.cancelled(String.valueOf(now.get("cancel_requested_by")));
        }
        return RunStopped.leaseLost(String.valueOf(now.get("status")), String.valueOf(now.get("owner_instance")));
    }

    /**
     * The owner's heartbeat: every unfinished run this instance holds keeps its lease. A run whose
     * row a chunk transaction holds is skipped: that chunk renews the lease itself. Spans tenants.
     * Leases are computed from clock_timestamp(), not the transaction's start, so a long
     * transaction never writes a lease that has already run out.
     */
    public int renewLeases() {
        return jdbc.update("""
                UPDATE runs SET lease_expires_at = clock_timestamp() + ? * interval '1 millisecond'
                 WHERE id IN (SELECT id FROM runs WHERE owner_instance = ? AND status IN ('queued', 'validating', 'running')
                                 FOR UPDATE SKIP LOCKED)""", leaseMillis, instance);
    }

    /**
     * Makes this instance the owner of every unfinished run whose owner's lease has expired (or
     * that never had one), in one statement, so two instances recovering at once never take the
     * same run. Returns the runs taken. Spans tenants.
     */
    public List<RunView> takeOverExpired() {
        List<UUID> taken = jdbc.queryForList("""
                UPDATE runs SET owner_instance = ?, lease_expires_at = clock_timestamp() + ? * interval '1 millisecond'
                 WHERE status IN ('queued', 'validating', 'running')
                   AND (owner_instance IS NULL OR lease_expires_at IS NULL OR lease_expires_at < clock_timestamp())
                RETURNING id""", UUID.class, instance, leaseMillis);
        return taken.isEmpty() ? List.of()
                : jdbc.query(SELECT + " WHERE r.id = ANY (?) ORDER BY r.created_at", this::view, (Object) taken.toArray(UUID[]::new));
    }

    /** Asks a queued, validating or running run to stop; false when it has finished already. */
    public boolean requestCancel(UUID tenantId, UUID runId, String actor) {
        return jdbc.update("""
                UPDATE runs SET cancel_requested_at = COALESCE(cancel_requested_at, now()),
                                cancel_requested_by = COALESCE(cancel_requested_by, ?)
                 WHERE tenant_id = ? AND id = ? AND status IN ('queued', 'validating', 'running')""",
                actor, tenantId, runId) == 1;
    }

    /** Who asked to cancel the run, if anyone did. */
    public Optional<String> cancelRequestedBy(UUID runId) {
        return jdbc.queryForList("SELECT cancel_requested_by FROM runs WHERE id = ? AND cancel_requested_at IS NOT NULL",
                String.class, runId).stream().findFirst();
    }

    /** Data rows an interrupted run had committed, to skip when it resumes; 0 for a fresh run. */
    public long resumeFrom(UUID runId) {
        return jdbc.queryForList("SELECT resume_from FROM runs WHERE id = ?", Long.class, runId).stream()
                .filter(java.util.Objects::nonNull).findFirst().orElse(0L);
    }

    /** The owner of an interrupted run sends it round again, to go on after the rows it committed. */
    @Transactional
    public boolean requeueToResume(UUID runId, long committedRows) {
        if (!transition(runId, RunStatus.QUEUED, "resumed after " + committedRows + " committed row(s)")) {
            return false;
        }
        jdbc.update("UPDATE runs SET resume_from = ? WHERE id = ?", committedRows, runId);
        return true;
    }

    /** The run this one reads the input of again, if it is a rerun. */
    public Optional<UUID> rerunOf(UUID tenantId, UUID runId) {
        return jdbc.queryForList("SELECT rerun_of FROM runs WHERE tenant_id = ? AND id = ? AND rerun_of IS NOT NULL",
                UUID.class, tenantId, runId).stream().findFirst();
    }

    /** The instance owning the run and when its lease ends (for operators and tests). */
    public Optional<Map<String, Object>> lease(UUID runId) {
        return jdbc.queryForList("SELECT owner_instance, lease_expires_at FROM runs WHERE id = ?", runId).stream().findFirst();
    }

    /** A row changed outcome after the run (a corrected quarantined row): counts follow, their sum unchanged. */
    public void moveCount(UUID tenantId, UUID runId, Outcome from, Outcome to) {
        jdbc.update("""
                UPDATE runs SET counts = counts || jsonb_build_object(?::text, COALESCE((counts ->> ?)::bigint, 0) - 1,
                                                                      ?::text, COALESCE((counts ->> ?)::bigint, 0) + 1)
                 WHERE tenant_id = ? AND id = ?""", from.key(), from.key(), to.key(), to.key(), tenantId, runId);
    }

    /** Rows that could not be read as proper rows of the file (PARSE-* rules). */
    public long parseErrorRows(UUID tenantId, UUID runId) {
        Long n = jdbc.queryForObject("""
                SELECT count(DISTINCT row_number) FROM dq_violations
                 WHERE tenant_id = ? AND run_id = ? AND rule_code LIKE 'PARSE-%'""", Long.class, tenantId, runId);
        return n == null ? 0 : n;
    }

    /** The run's status, its row locked (shared) until the caller's transaction ends: no rollback or end meanwhile. */
    public Optional<RunStatus> lockStatus(UUID tenantId, UUID runId) {
        return jdbc.queryForList("SELECT status FROM runs WHERE tenant_id = ? AND id = ? FOR SHARE", String.class,
                tenantId, runId).stream().findFirst().map(RunStatus::of);
    }

    /** The request id that queued the run (null for schedules, the file drop and recovery), for its log context. */
    public String requestIdOf(UUID tenantId, UUID runId) {
        return jdbc.query("SELECT request_id FROM runs WHERE tenant_id = ? AND id = ?", (rs, i) -> rs.getString(1), tenantId, runId)
                .stream().filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    public Optional<RunView> find(UUID tenantId, UUID runId) {
        return jdbc.query(SELECT + " WHERE r.tenant_id = ? AND r.id = ?", this::view, tenantId, runId).stream().findFirst();
    }

    /** The worker's look-up: it holds only the run id the queue gave it. */
    public Optional<RunView> findForWorker(UUID runId) {
        return jdbc.query(SELECT + " WHERE r.id = ?", this::view, runId).stream().findFirst();
    }

    public List<RunView.Transition> transitions(UUID tenantId, UUID runId) {
        return jdbc.query("""
                SELECT from_status, to_status, note, created_at FROM run_transitions
                 WHERE tenant_id = ? AND run_id = ? ORDER BY id""",
                (rs, i) -> new RunView.Transition(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class)),
                tenantId, runId);
    }

    /** A tenant's runs, newest first, filtered by any of pipeline code, status, trigger and creation time. */
    public List<RunView> list(UUID tenantId, RunFilter f, int limit, long offset) {
        List<Object> params = new java.util.ArrayList<>();
        String where = f.where(tenantId, params);
        params.add(limit);
        params.add(offset);
        return jdbc.query(SELECT + where + " ORDER BY r.created_at DESC, r.id LIMIT ? OFFSET ?", this::view, params.toArray());
    }

    public long count(UUID tenantId, RunFilter f) {
        List<Object> params = new java.util.ArrayList<>();
        Long n = jdbc.queryForObject("SELECT count(*) FROM runs r JOIN pipelines p ON p.id = r.pipeline_id"
                + f.where(tenantId, params), Long.class, params.toArray());
        return n == null ? 0 : n;
    }

    /** Runs left unfinished, oldest first: for recovery at start-up. */
    public List<RunView> unfinished() {
        return jdbc.query(SELECT + " WHERE r.status IN ('queued', 'validating', 'running') ORDER BY r.created_at",
                this::view);
    }

    private RunView view(ResultSet rs, int i) throws SQLException {
        return new RunView(
                rs.getObject("id", UUID.class),
                rs.getObject("tenant_id", UUID.class),
                rs.getObject("pipeline_id", UUID.class),
                rs.getString("pipeline_code"),
                RunStatus.of(rs.getString("status")),
                rs.getString("trigger"),
                rs.getString("actor"),
                rs.getString("file_name"),
                rs.getString("input_ref"),
                rs.getString("sha256"),
                (Long) rs.getObject("size_bytes"),
                (Integer) rs.getObject("mapping_version"),
                rs.getBoolean("dry_run"),
                readMap(rs.getString("counts")),
                readMap(rs.getString("progress")),
                readMap(rs.getString("report")),
                rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("started_at", OffsetDateTime.class),
                rs.getObject("completed_at", OffsetDateTime.class),
                rs.getString("output_ref"));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> readMap(String text) {
        try {
            return text == null ? Map.of() : json.readValue(text, LinkedHashMap.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored run JSON cannot be read", e);
        }
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Run JSON cannot be written", e);
        }
    }
}
