package org.tenantio.importer.importing;

import org.tenantio.importer.run.NewRun;
import org.tenantio.importer.run.RunJournal;
import org.tenantio.importer.run.RunQueue;
import org.tenantio.importer.run.RunRepository;
import org.tenantio.importer.run.RunStatus;
import org.tenantio.importer.run.RunView;
import java.nio.file.Files;
import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.tenantio.importer.audit.AuditLog;
import org.tenantio.importer.audit.AuditLog.AuditEvent;
import org.tenantio.importer.intake.IntakeArchive;
import org.tenantio.importer.tenant.RunQuotas;
import org.tenantio.importer.pipeline.Pipeline;
import org.tenantio.importer.pipeline.PipelineRepository;
import org.tenantio.importer.security.Caller;
import org.tenantio.importer.system.Refusal;

/**
 * A steward's controls over an import run: cancel one that has not finished (a queued run ends
 * cancelled at once; a running one stops at its next chunk, is rolled back and ends cancelled,
 * on whichever instance owns it), and rerun a finished one from its archived input.
 */
@Component
public class RunControls {

    public static final String RERUN = "rerun";

    private final RunRepository runs;
    private final PipelineRepository pipelines;
    private final IntakeArchive archive;
    private final RunQuotas quotas;
    private final RunQueue queue;
    private final RunJournal journal;
    private final AuditLog audit;

    public RunControls(RunRepository runs, PipelineRepository pipelines, IntakeArchive archive, RunQuotas quotas,
                       RunQueue queue, RunJournal journal, AuditLog audit) {
        this.runs = runs;
        this.pipelines = pipelines;
        this.archive = archive;
        this.quotas = quotas;
        this.queue = queue;
        this.journal = journal;
        this.audit = audit;
    }

    /** Asks the run to stop; returns it as it is now (cancelled already if it was still queued). */
    public RunView cancel(Caller caller, UUID runId) {
        UUID t = caller.tenant().id();
        RunView run = importRun(t, runId);
        if (run.status().finished()) {
            throw finished(run, "cancelled");
        }
        if (!runs.requestCancel(t, runId, caller.actor())) {
            throw finished(importRun(t, runId), "cancelled");
        }
        boolean ended = runs.transition(runId, EnumSet.of(RunStatus.QUEUED), RunStatus.CANCELLED,
                "cancelled by " + caller.actor() + " while queued");
        journal.info(t, runId, "Cancel asked by " + caller.actor() + (ended ? "; cancelled while queued"
                : "; the run stops at its next chunk and is rolled back"));
        audit.record(new AuditEvent(t, caller.actor(), caller.role(), "run.cancelled", "run", runId.toString(),
                Map.of("status", run.status().key()), Map.of("cancelled", ended ? "now" : "at next chunk"),
                caller.requestId()));
        return runs.find(t, runId).orElseThrow();
    }

    /** A new run of the same pipeline from the finished run's archived input; queued, and returned. */
    public RunView rerun(Caller caller, UUID runId, Boolean dryRun) {
        UUID t = caller.tenant().id();
        RunView run = importRun(t, runId);
        if (!run.status().finished()) {
            throw new Refusal(409, "run_not_finished", "Run " + runId + " is " + run.status().key()
                    + "; only a finished run can be run again");
        }
        Pipeline pipeline = pipelines.findById(t, run.pipelineId()).orElseThrow();
        if (!pipeline.acceptsRuns()) {
            throw new Refusal(409, "pipeline_not_active", "Pipeline '" + pipeline.code() + "' is " + pipeline.status()
                    + "; only active pipelines accept runs");
        }
        if (run.inputRef() == null || !Files.isRegularFile(archive.resolve(run.inputRef()))) {
            throw new Refusal(409, "input_not_archived", "The input of run " + runId + " is no longer in the archive");
        }
        RunQuotas.Reservation slot = quotas.reserve(t, run.sizeBytes() == null ? -1 : run.sizeBytes());
        UUID rerun;
        boolean dry = dryRun != null ? dryRun : run.dryRun();
        try {
            rerun = runs.create(new NewRun(t, run.pipelineId(), RERUN, caller.actor(), run.fileName(), run.inputRef(),
                    run.sha256(), run.sizeBytes() == null ? 0 : run.sizeBytes(), dry), runId);
            quotas.attach(slot, rerun);
        } catch (RuntimeException e) {
            quotas.cancel(slot);
            throw e;
        }
        audit.record(new AuditEvent(t, caller.actor(), caller.role(), "run.rerun", "run", rerun.toString(),
                null, Map.of("rerunOf", runId.toString(), "pipeline", pipeline.code(), "sha256", String.valueOf(run.sha256()),
                "dryRun", dry), caller.requestId()));
        journal.info(t, rerun, "Queued again from the archived input of run " + runId + " by " + caller.actor()
                + (dry ? ", dry run" : ""));
        RunView queued = runs.find(t, rerun).orElseThrow();
        queue.enqueue(rerun);
        return queued;
    }

    private RunView importRun(UUID tenantId, UUID runId) {
        RunView run = runs.find(tenantId, runId).orElseThrow(() -> new Refusal(404, "not_found", "Run not found"));
        if (pipelines.findById(tenantId, run.pipelineId()).map(p -> !p.isImport()).orElse(false)) {
            throw new Refusal(409, "not_an_import_run", "Run " + runId + " is an export run; cancel and rerun are for imports");
        }
        return run;
    }

    private static Refusal finished(RunView run, String what) {
        return new Refusal(409, "run_finished", "Run " + run.id() + " is " + run.status().key()
                + " and cannot be " + what + "; only queued, validating or running runs can");
    }
}
