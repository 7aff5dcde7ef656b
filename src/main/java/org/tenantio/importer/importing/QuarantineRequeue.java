package org.tenantio.importer.importing;

import org.tenantio.importer.quality.RowValidator;
import org.tenantio.importer.quality.RulePolicies;
import org.tenantio.importer.quality.ViolationQueries;

import org.tenantio.importer.system.Refusal;

import org.tenantio.importer.row.Violation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.tenantio.importer.audit.AuditLog;
import org.tenantio.importer.audit.AuditLog.AuditEvent;
import org.tenantio.importer.load.ChunkWriter;
import org.tenantio.importer.db.TenantEntityLock;
import org.tenantio.importer.row.HeaderLayout;
import org.tenantio.importer.mapping.MappingRepository;
import org.tenantio.importer.row.MappingVersion;
import org.tenantio.importer.mapping.RowMapper;
import org.tenantio.importer.pipeline.Pipeline;
import org.tenantio.importer.pipeline.PipelineRepository;
import org.tenantio.importer.quality.ViolationQueries.StagedRow;
import org.tenantio.importer.row.Outcome;
import org.tenantio.importer.row.RowChunk;
import org.tenantio.importer.row.RowState;
import org.tenantio.importer.row.RunContext;
import org.tenantio.importer.run.RecordChanges;
import org.tenantio.importer.run.RunRepository;
import org.tenantio.importer.run.RunStatus;
import org.tenantio.importer.run.RunView;
import org.tenantio.importer.security.Caller;

/**
 * A steward's correction of a quarantined row: the row as read, with the corrections applied
 * (to source columns or canonical fields), is mapped with the mapping version its run used,
 * validated again, and, if clean, upserted like any imported row under its original run and row
 * number. Its violations become fixed only when the row passes every rule.
 * <p>
 * Concurrent fixes of one row: the writer's lock, then the run and the staged row are locked
 * and their state checked under those locks, so exactly one fix succeeds and the others are
 * refused (409). A fix never quietly puts older values over newer ones: when a later run (or a
 * steward's merge) changed a field the fix would set, it is refused naming the fields and the
 * run, unless forced with a reason, which is audited.
 */
@Component
public class QuarantineRequeue {

    private final ViolationQueries queries;
    private final RunRepository runs;
    private final PipelineRepository pipelines;
    private final MappingRepository mappings;
    private final RowMapper mapper;
    private final RowValidator validator;
    private final ChunkWriter writer;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final AuditLog audit;
    private final ObjectMapper json;
    private final RulePolicies rulePolicies;
    private final TenantEntityLock lock;
    private final RecordChanges changes;

    public QuarantineRequeue(RulePolicies rulePolicies, ViolationQueries queries, RunRepository runs, PipelineRepository pipelines,
                             MappingRepository mappings, RowMapper mapper, RowValidator validator, ChunkWriter writer,
                             JdbcTemplate jdbc, TransactionTemplate tx, AuditLog audit, ObjectMapper json,
                             TenantEntityLock lock, RecordChanges changes) {
        this.lock = lock;
        this.changes = changes;
        this.rulePolicies = rulePolicies;
        this.queries = queries;
        this.runs = runs;
        this.pipelines = pipelines;
        this.mappings = mappings;
        this.mapper = mapper;
        this.validator = validator;
        this.writer = writer;
        this.jdbc = jdbc;
        this.tx = tx;
        this.audit = audit;
        this.json = json;
    }

    /**
     * Corrections to a row: values of source columns (as in the file) and/or canonical fields;
     * {@code force} with a {@code reason} overwrites values a later run changed.
     */
    public record Correction(Map<String, String> columns, Map<String, String> fields, boolean force, String reason) {
        public Correction(Map<String, String> columns, Map<String, String> fields) {
            this(columns, fields, false, null);
        }

        public static Correction none() {
            return new Correction(Map.of(), Map.of());
        }
    }

    /** What became of the row: fixed with its outcome and record, or still failing with the reasons. */
    public record Result(UUID runId, long rowNumber, boolean fixed, String outcome, UUID recordId,
                         List<Violation> violations) {
    }

    public Result requeue(Caller caller, UUID runId, long rowNumber, Correction correction) {
        return tx.execute(status -> requeueInTransaction(caller, runId, rowNumber, correction));
    }

    private Result requeueInTransaction(Caller caller, UUID runId, long rowNumber, Correction correction) {
        UUID tenant = caller.tenant().id();
        if (correction.force() && (correction.reason() == null || correction.reason().isBlank())) {
            throw new Refusal(400, "reason_required", "Say why the correction may overwrite newer values",
                    List.of(Map.of("field", "reason", "message", "required with force")));
        }
        RunView run = runs.find(tenant, runId).orElseThrow(() -> new Refusal(404, "not_found", "Run not found"));
        requireRequeueable(run, run.status());
        Pipeline pipeline = pipelines.findById(tenant, run.pipelineId()).orElseThrow();
        MappingVersion mapping = mappings.version(tenant, pipeline.id(), run.mappingVersion());
        // Writer's lock first, row locks after: the order every writer of these records takes them in.
        lock.acquire(tenant, mapping.definition().entity());
        requireRequeueable(run, runs.lockStatus(tenant, runId).orElseThrow());
        StagedRow staged = queries.lockStagedRow(tenant, runId, rowNumber)
                .orElseThrow(() -> new Refusal(404, "not_found", "Row not found"));
        if (!Outcome.QUARANTINED.key().equals(staged.outcome())) {
            throw new Refusal(409, "row_not_quarantined", "Row " + rowNumber + " is " + staged.outcome() + ", not quarantined");
        }
        Map<String, String> raw = new LinkedHashMap<>(staged.raw());
        correction.columns().forEach((column, value) -> {
            if (!raw.containsKey(column)) {
                throw new Refusal(400, "unknown_column", "Row " + rowNumber + " has no column '" + column + "'",
                        List.of(Map.of("field", column, "message", "not a column of this row; columns: " + raw.keySet())));
            }
            raw.put(column, value);
        });
        List<String> header = new ArrayList<>(raw.keySet());
        RunContext ctx = new RunContext(runId, tenant, pipeline.id(), pipeline.code(), mapping.definition().entity(), mapping,
                HeaderLayout.resolve(mapping.definition(), header), pipeline.defaultPhoneRegion(), run.fileName(), -1, false,
                rulePolicies.of(pipeline, mapping.definition().entity()), false, null);
        RowState row = new RowState(rowNumber, new ArrayList<>(raw.values()), raw);
        RowChunk chunk = new RowChunk(ctx, List.of(row), 0, 0);
        mapper.map(chunk);
        Map<String, String> before = new LinkedHashMap<>(row.fields());
        correction.fields().forEach((field, value) -> {
            if (field.equals(mapping.definition().externalIdField())) {
                row.externalId(value);
            } else if (value == null || value.isBlank()) {
                row.fields().remove(field);
            } else {
                row.fields().put(field, value);
            }
        });
        // Required fields are checked again after the corrections, which may have filled them in.
        row.violations().removeIf(v -> v.ruleCode().equals("REQ-002"));
        ctx.layout().positions().keySet().stream()
                .filter(c -> c.required() && !row.fields().containsKey(c.field()) && !c.field().equals(mapping.definition().externalIdField()))
                .forEach(c -> row.violations().add(Violation.error("REQ-002", c.field(), null,
                        "Required field '" + c.field() + "' is empty", "Fill in column '" + c.source() + "'")));
        validator.validate(chunk);
        if (row.quarantined()) {
            return new Result(runId, rowNumber, false, Outcome.QUARANTINED.key(), null, List.copyOf(row.violations()));
        }
        List<RecordChanges.FieldChange> newer = newerValues(ctx, run, row);
        if (!newer.isEmpty() && !correction.force()) {
            throw new Refusal(409, "record_changed_since", "The record this row updates was changed after run " + runId
                    + " read it: " + String.join(", ", newer.stream().map(c -> c.field() + " (" + (c.runId() == null
                    ? "a steward's " + c.operation() : "run " + c.runId()) + ")").toList())
                    + "; send force with a reason to overwrite", newer.stream().map(RecordChanges.FieldChange::detail).toList());
        }
        writer.upsertCorrected(ctx, List.of(row));
        jdbc.update("""
                UPDATE staging_rows SET normalized = ?::json, checksum = ?, outcome = ?, record_id = ?
                 WHERE tenant_id = ? AND run_id = ? AND row_number = ?""",
                // as the upsert sealed it (crypto.PersonalData)
                row.fieldsJson() != null ? row.fieldsJson() : toJson(row.fields()), row.contentHash(), row.outcome().key(),
                row.recordId(), tenant, runId, rowNumber);
        jdbc.update("""
                UPDATE dq_violations SET status = 'fixed', resolved_at = now(), resolved_by = ?
                 WHERE tenant_id = ? AND run_id = ? AND row_number = ? AND status = 'open'""",
                caller.actor(), tenant, runId, rowNumber);
        runs.moveCount(tenant, runId, Outcome.QUARANTINED, row.outcome());
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("columns", correction.columns());
        after.put("fields", correction.fields());
        after.put("outcome", row.outcome().key());
        after.put("recordId", String.valueOf(row.recordId()));
        if (!newer.isEmpty()) {
            after.put("forced", Map.of("reason", correction.reason(), "overwrote",
                    newer.stream().map(RecordChanges.FieldChange::detail).toList()));
        }
        audit.record(new AuditEvent(tenant, caller.actor(), caller.role(), "violation.fixed", "row", runId + ":" + rowNumber,
                Map.of("fields", before), after, caller.requestId()));
        return new Result(runId, rowNumber, true, row.outcome().key(), row.recordId(), List.of());
    }

    private static void requireRequeueable(RunView run, RunStatus status) {
        if (run.dryRun() || status != RunStatus.COMPLETED) {
            throw new Refusal(409, "run_not_requeueable", "Rows of a " + (run.dryRun() ? "dry run" : status.key()
                    + " run") + " cannot be requeued: import the file again instead");
        }
    }

    /**
     * Fields the corrected row would set on an existing record that a later run (or a steward's
     * merge) changed after this row's run began: putting the row in would undo that change.
     */
    private List<RecordChanges.FieldChange> newerValues(RunContext ctx, RunView run, RowState row) {
        if (row.externalId() == null) {
            return List.of(); // keyed by content: it can only add a record of its own
        }
        List<UUID> record = jdbc.queryForList("""
                SELECT core_id FROM external_id_map
                 WHERE tenant_id = ? AND entity_type = ? AND external_system = ? AND external_id = ?""",
                UUID.class, ctx.tenantId(), ctx.entityType(), ctx.externalSystem(), row.externalId());
        if (record.isEmpty()) {
            return List.of();
        }
        Map<String, Object> current = changes.attributes(ctx.tenantId(), record.get(0));
        return changes.since(ctx.tenantId(), record.get(0), run.createdAt(), run.id()).stream()
                .filter(c -> row.fields().containsKey(c.field())
                        && !java.util.Objects.equals(row.fields().get(c.field()), current.get(c.field())))
                .toList();
    }

    private String toJson(Map<String, String> fields) {
        try {
            return json.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
