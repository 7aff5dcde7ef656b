package org.tenantio.importer.importing;

import org.tenantio.importer.run.RunFailure;
import org.tenantio.importer.run.RunJournal;
import org.tenantio.importer.run.RunRepository;
import org.tenantio.importer.run.RunStopped;
import org.tenantio.importer.run.RunStatus;
import org.tenantio.importer.run.RunView;

import org.tenantio.importer.row.RunContext;

import org.tenantio.importer.system.TenantScope;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.tenantio.importer.intake.IntakeArchive;
import org.tenantio.importer.load.ChunkWriter;
import org.tenantio.importer.load.RunRollback;
import org.tenantio.importer.row.HeaderLayout;
import org.tenantio.importer.mapping.HeaderSuggestions;
import org.tenantio.importer.mapping.MappingException;
import org.tenantio.importer.mapping.MappingRepository;
import org.tenantio.importer.row.MappingVersion;
import org.tenantio.importer.parse.InputFormat;
import org.tenantio.importer.parse.RowSources;
import org.tenantio.importer.parse.FileFormatException;
import org.tenantio.importer.parse.RowSource;
import org.tenantio.importer.pipeline.Pipeline;
import org.tenantio.importer.pipeline.PipelineRepository;
import org.tenantio.importer.quality.NullRateDrift;
import org.tenantio.importer.quality.RulePolicies;
import org.tenantio.importer.system.ImporterProperties;

/**
 * The run's bookends, called by the import-run route: {@link #start} validates the file
 * against the mapping and opens it as a stream of chunks, {@link #complete} and {@link #fail}
 * close the run. Failed runs have their core changes rolled back.
 */
@Component("importRun")
public class ImportRun {

    private static final Logger log = LoggerFactory.getLogger(ImportRun.class);

    private final RunRepository runs;
    private final PipelineRepository pipelines;
    private final MappingRepository mappings;
    private final IntakeArchive archive;
    private final RunRollback rollback;
    private final TransactionTemplate tx;
    private final RowSources rowSources;
    private final RulePolicies rulePolicies;
    private final NullRateDrift nullRateDrift;
    private final ChunkWriter chunkWriter;
    private final int chunkSize;
    private final RunJournal journal;
    private final org.tenantio.importer.run.RunLogScope logScope;

    public ImportRun(RunRepository runs, PipelineRepository pipelines, MappingRepository mappings, IntakeArchive archive,
                     RunRollback rollback, TransactionTemplate tx, RowSources rowSources, RulePolicies rulePolicies,
                     NullRateDrift nullRateDrift, ChunkWriter chunkWriter, ImporterProperties properties,
                     RunJournal journal, org.tenantio.importer.run.RunLogScope logScope) {
        this.journal = journal;
        this.logScope = logScope;
        this.chunkWriter = chunkWriter;
        this.nullRateDrift = nullRateDrift;
        this.rulePolicies = rulePolicies;
        this.tx = tx;
        this.rowSources = rowSources;
        this.runs = runs;
        this.pipelines = pipelines;
        this.mappings = mappings;
        this.archive = archive;
        this.rollback = rollback;
        this.chunkSize = properties.chunkSize();
    }

    private org.tenantio.importer.reconcile.RunChecks checks;

    /** Optional so the run needs no reconciliation to work; set by Spring when the service runs. */
    @org.springframework.beans.factory.annotation.Autowired(required = false)
    void checks(org.tenantio.importer.reconcile.RunChecks checks) {
        this.checks = checks;
    }

    /**
     * Validating: the run is claimed, then the header is checked against the mapping before any
     * row is written. A second delivery of a run already claimed (by this or another instance)
     * gets no chunks and changes nothing.
     */
    public RowChunks start(String runId) throws IOException {
        UUID id = UUID.fromString(runId);
        RunView run = enterTenantOf(id).orElseThrow(() -> new IllegalStateException("Run " + runId + " does not exist"));
        if (!runs.transition(id, RunStatus.VALIDATING, null)) {
            log.debug("Run {} delivered again while {}: already claimed, nothing to do", id, run.status().key());
            TenantScope.clear();
            logScope.leaveThread();
            return RowChunks.unclaimed();
        }
        try {
            return startClaimed(id, run);
        } catch (IOException | RuntimeException e) {
            throw new StartFailed(e);
        }
    }

    private RowChunks startClaimed(UUID id, RunView run) throws IOException {
        journal.begin(run.tenantId(), id, "validate");
        Pipeline pipeline = pipelines.findById(run.tenantId(), run.pipelineId()).orElseThrow();
        MappingVersion mapping = mappingOf(run, pipeline);
        journal.info(run.tenantId(), id, "Validating " + run.fileName() + " against mapping version " + mapping.version());
        runs.recordMappingVersion(run.tenantId(), id, mapping.version());
        RowSource source = open(run, pipeline, mapping);
        try {
            HeaderLayout layout = checkHeader(run.tenantId(), id, mapping, source);
            journal.succeed(run.tenantId(), id, "validate");
            journal.info(run.tenantId(), id, "Header accepted: " + layout.positions().size() + " column(s) mapped"
                    + (layout.unmapped().isEmpty() ? "" : ", unmapped: " + String.join(", ", layout.unmapped())));
            if (!runs.transition(id, RunStatus.RUNNING, null)) {
                throw runs.cancelRequestedBy(id).map(RunStopped::cancelled).orElseGet(() -> RunStopped.leaseLost("?", "?"));
            }
            journal.begin(run.tenantId(), id, ChunkWriter.LOAD_STEP);
            RunContext context = new RunContext(id, run.tenantId(), pipeline.id(), pipeline.code(),
                    mapping.definition().entity(), mapping, layout, pipeline.defaultPhoneRegion(),
                    run.fileName(), run.sizeBytes() == null ? -1 : run.sizeBytes(), run.dryRun(), rulePolicies.of(pipeline, mapping.definition().entity()),
                    ErrorPolicy.failOnAnyError(pipeline), ErrorPolicy.maxErrorRate(pipeline));
            long committed = runs.resumeFrom(id);
            if (committed > 0) {
                journal.info(run.tenantId(), id, "Resuming after the " + committed + " row(s) committed before the interruption");
                log.info("Run {} resumed after {} committed row(s)", id, committed);
            } else {
                log.info("Run {} started: pipeline {}, mapping v{}", id, pipeline.code(), mapping.version());
            }
            return new RowChunks(context, source, chunkSize, committed);
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
    }

    private RowSource open(RunView run, Pipeline pipeline, MappingVersion mapping) throws IOException {
        Path file = archive.resolve(run.tenantId(), run.inputRef());
        InputFormat format = InputFormat.of(file, run.fileName());
        boolean batch = "api_batch".equals(run.trigger()) || (RunControls.RERUN.equals(run.trigger()) && format == InputFormat.JSON);
        if (batch != (format == InputFormat.JSON) || (!batch && !pipeline.formats().contains(format.key()))) {
            throw new RunFailure("format_not_accepted", "The file's content is " + format.key() + "; pipeline '"
                    + pipeline.code() + "' accepts " + String.join(", ", pipeline.formats()));
        }
        List<String> expected = mapping.definition().columns().stream().map(c -> c.source()).toList();
        return rowSources.open(file, format, pipeline.sourceOptions(), expected);
    }

    private MappingVersion mappingOf(RunView run, Pipeline pipeline) {
        try {
            return mappings.currentVersion(run.tenantId(), pipeline.id(), pipeline.mappingRef());
        } catch (MappingException e) {
            throw new RunFailure("mapping_invalid", e.getMessage());
        }
    }

    private HeaderLayout checkHeader(UUID tenantId, UUID runId, MappingVersion mapping, RowSource source) {
        if (source.header().isEmpty()) {
            throw new RunFailure("file_empty", "The file is empty: it has no header row");
        }
        HeaderLayout layout = HeaderLayout.resolve(mapping.definition(), source.header());
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("unmapped", layout.unmapped());
        report.put("suggestions", HeaderSuggestions.suggest(layout, mapping.definition()));
        runs.addToReport(tenantId, runId, report);
        if (!layout.acceptable()) {
            throw new RunFailure("missing_columns",
                    "The header lacks required column(s): " + String.join(", ", layout.missingRequired()),
                    Map.of("missingColumns", layout.missingRequired()));
        }
        if (!source.hasNext()) {
            throw new RunFailure("no_rows", "The file has a header but no data rows");
        }
        return layout;
    }

    /**
     * The route thread works for the run's tenant from here until complete or fail: the run's
     * tenant is looked up across tenants (the queue carries only the run id), then entered.
     */
    private java.util.Optional<RunView> enterTenantOf(UUID runId) {
        java.util.Optional<RunView> run = TenantScope.asSystem(() -> runs.findForWorker(runId));
        run.ifPresent(r -> {
            TenantScope.enter(r.tenantId());
            logScope.enter(r);
        });
        return run;
    }

    public void complete(RowChunks chunks) throws IOException {
        if (!chunks.claimed()) {
            return;
        }
        try {
            completeInScope(chunks);
        } finally {
            TenantScope.clear();
            logScope.leave(chunks.context().runId());
        }
    }

    private void completeInScope(RowChunks chunks) throws IOException {
        chunks.close();
        RunContext ctx = chunks.context();
        chunkWriter.awaitWritten(ctx.runId());
        runs.addToReport(ctx.tenantId(), ctx.runId(), Map.of("parseErrors", runs.parseErrorRows(ctx.tenantId(), ctx.runId())));
        if (!ctx.dryRun()) {
            NullRateDrift.Result drift = nullRateDrift.check(ctx.tenantId(), ctx.pipelineId(), ctx.runId(), ctx.rules());
            runs.addToReport(ctx.tenantId(), ctx.runId(), Map.of("nullRates", drift.nullRates(), "warnings", drift.warnings()));
        }
        ErrorPolicy.checkRate(ctx, runs.findForWorker(ctx.runId()).map(RunView::counts).orElse(Map.of()));
        if (checks != null) {
            checks.afterLoad(ctx); // reconciliation and leak alarms, stored on the run
        }
        journal.succeed(ctx.tenantId(), ctx.runId(), ChunkWriter.LOAD_STEP);
        if (!runs.transition(ctx.runId(), RunStatus.COMPLETED, null)) {
            // a cancel asked for after the last chunk, or the run was taken over: the route's fail decides
            throw runs.cancelRequestedBy(ctx.runId()).map(RunStopped::cancelled)
                    .orElseGet(() -> RunStopped.leaseLost("?", "?"));
        }
        journal.info(ctx.tenantId(), ctx.runId(), "Completed: " + runs.findForWorker(ctx.runId()).map(RunView::counts).orElse(Map.of()));
        log.info("Run {} completed: {}", ctx.runId(), runs.findForWorker(ctx.runId()).map(RunView::counts).orElse(Map.of()));
    }

    /**
     * Ends a run as failed, with a reason the user can read, and undoes whatever it wrote to the
     * core; cancelled instead if a steward asked for that. Acts only on a run this message
     * claimed (its chunks or a chunk are the body, or its start failed after the claim): a failure before
     * the claim ends the run only if it is still queued, so it never ends a run another consumer owns.
     */
    public void fail(String runId, Exception cause, Object body) {
        if (body instanceof Closeable closeable) {
            try {
                closeable.close();
            } catch (IOException e) {
                log.warn("Run {}: closing its input failed: {}", runId, e.toString());
            }
        }
        if (body instanceof RowChunks chunks && !chunks.claimed()) {
            return;
        }
        UUID id = UUID.fromString(runId);
        // Before start() the body is the queued run id; past a successful claim it is the run's chunks or one of them.
        boolean claimed = !(body == null || body instanceof CharSequence) || causeOf(cause, StartFailed.class) != null;
        try {
            if (enterTenantOf(id).isEmpty()) {
                log.warn("Run {} does not exist; nothing to fail", id);
                return;
            }
            if (claimed) {
                failInScope(id, cause);
            } else {
                failUnclaimed(id, cause);
            }
        } finally {
            TenantScope.clear();
            logScope.leave(id);
        }
    }

    /**
     * A run this instance took over from a stopped one: failed and rolled back (or cancelled, if
     * asked), in the run's tenant scope which the caller has entered.
     */
    void abandon(UUID id, RunFailure reason) {
        failInScope(id, reason);
    }

    private void failUnclaimed(UUID id, Exception cause) {
        Map<String, Object> error = describe(id, cause);
        tx.executeWithoutResult(status -> {
            if (runs.transition(id, java.util.EnumSet.of(RunStatus.QUEUED), RunStatus.FAILED,
                    String.valueOf(error.get("message")))) {
                // In the run's tenant scope (entered before the claim), so it is also the tenant filter.
                runs.addToReport(TenantScope.current().orElseThrow(), id, Map.of("error", error));
            }
        });
    }

    private void failInScope(UUID id, Exception cause) {
        chunkWriter.drain(id);
        RunStopped stopped = causeOf(cause, RunStopped.class);
        if (stopped != null && !stopped.isCancelled()) {
            log.warn("Run {} stopped here: another instance took it over after this one's lease expired", id);
            return;
        }
        java.util.Optional<String> cancelledBy = runs.cancelRequestedBy(id);
        if (cancelledBy.isPresent()) {
            cancelInScope(id, cancelledBy.get());
            return;
        }
        Map<String, Object> error = describe(id, cause);
        // One transaction: nobody sees the run failed with its changes still in the core.
        tx.executeWithoutResult(status -> {
            if (!runs.transition(id, RunStatus.FAILED, String.valueOf(error.get("message")))) {
                return;
            }
            RunView run = runs.findForWorker(id).orElseThrow();
            runs.addToReport(run.tenantId(), id, Map.of("error", error));
            journal.failOpen(run.tenantId(), id, String.valueOf(error.get("code")));
            journal.error(run.tenantId(), id, "Failed: " + error.get("message"));
            RunRollback.Result result = rollback.revert(run.tenantId(), id, entityOf(run));
            if (result.reverted() > 0 || !result.conflicts().isEmpty()) {
                runs.addToReport(run.tenantId(), id, Map.of("rollback", result));
                runs.transition(id, RunStatus.ROLLED_BACK, "failed run rolled back: " + result.reverted() + " change(s) undone");
                journal.info(run.tenantId(), id, "Rolled back " + result.reverted() + " change(s)"
                        + (result.conflicts().isEmpty() ? "" : "; " + result.conflicts().size() + " conflict(s) kept"));
            }
        });
    }

    /** Cancelled: what the run wrote is rolled back and the run ends cancelled, in one transaction. */
    private void cancelInScope(UUID id, String by) {
        tx.executeWithoutResult(status -> {
            RunView run = runs.findForWorker(id).orElseThrow();
            if (!runs.transition(id, RunStatus.CANCELLED, "cancelled by " + by)) {
                return;
            }
            RunRollback.Result result = rollback.revert(run.tenantId(), id, entityOf(run));
            runs.addToReport(run.tenantId(), id, Map.of("error", Map.of("code", "cancelled", "message", "Cancelled by " + by
                    + "; " + result.reverted() + " change(s) rolled back"), "rollback", result));
            journal.failOpen(run.tenantId(), id, "cancelled");
            journal.info(run.tenantId(), id, "Cancelled by " + by + "; rolled back " + result.reverted() + " change(s)");
            log.info("Run {} cancelled; {} change(s) rolled back", id, result.reverted());
        });
    }

    private String entityOf(RunView run) {
        return pipelines.findById(run.tenantId(), run.pipelineId()).map(Pipeline::targetType).orElse("person");
    }

    private static <T extends Throwable> T causeOf(Throwable failure, Class<T> type) {
        for (Throwable c = failure; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    private Map<String, Object> describe(UUID runId, Exception failure) {
        Throwable cause = userFacingCause(failure);
        Map<String, Object> error = new LinkedHashMap<>();
        if (cause instanceof RunFailure f) {
            error.put("code", f.code());
            error.put("message", f.getMessage());
            if (!f.details().isEmpty()) {
                error.put("details", f.details());
            }
            log.info("Run {} failed: {}", runId, f.getMessage());
        } else if (cause instanceof FileFormatException f) {
            error.put("code", "file_unreadable");
            error.put("message", f.getMessage());
            log.info("Run {} failed: {}", runId, f.getMessage());
        } else {
            error.put("code", "internal_error");
            error.put("message", "The run stopped on an internal error; operators can find run " + runId + " in the log");
            // Exception messages can quote row values (constraint details): log the cause chain's types only.
            log.error("Run {} failed on an internal error: {}", runId, causeTypes(cause));
            log.debug("Run {} failure detail", runId, cause);
        }
        return error;
    }

    /** Camel wraps a chunk's failure; the reason the user can act on may sit further down. */
    private static Throwable userFacingCause(Throwable failure) {
        for (Throwable c = failure; c != null; c = c.getCause()) {
            if (c instanceof RunFailure || c instanceof FileFormatException) {
                return c;
            }
        }
        return failure;
    }

    private static String causeTypes(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null && sb.length() < 500; c = c.getCause()) {
            sb.append(sb.length() == 0 ? "" : " <- ").append(c.getClass().getName());
            if (c instanceof java.sql.SQLException sql) {
                sb.append(" [SQLState ").append(sql.getSQLState()).append(']');
            }
        }
        return sb.toString();
    }
}
