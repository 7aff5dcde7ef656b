package org.tenantio.importer.intake;

import org.tenantio.importer.tenant.RunQuotas;

import java.io.InputStream;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.tenantio.importer.audit.AuditLog;
import org.tenantio.importer.audit.AuditLog.AuditEvent;
import org.tenantio.importer.pipeline.Pipeline;
import org.tenantio.importer.pipeline.PipelineRepository;
import org.tenantio.importer.run.NewRun;
import org.tenantio.importer.run.RunQueue;
import org.tenantio.importer.run.RunRepository;
import org.tenantio.importer.run.RunView;
import org.tenantio.importer.tenant.Tenant;

/**
 * The one way in for a file, whichever door it came through: the pipeline must exist, import,
 * be active and accept the format; then the file is archived, a queued run recorded and audited,
 * and the run handed to the import route.
 */
@Component
public class RunIntake {

    private final PipelineRepository pipelines;
    private final IntakeArchive archive;
    private final RunRepository runs;
    private final RunQueue queue;
    private final AuditLog audit;
    private final RunQuotas quotas;
    private final long maxBatchBytes;
    private final long maxUploadBytes;
    private final org.tenantio.importer.run.RunJournal journal;

    public static final String API_BATCH = "api_batch";

    public RunIntake(PipelineRepository pipelines, IntakeArchive archive, RunRepository runs, RunQueue queue, AuditLog audit,
                     RunQuotas quotas, org.tenantio.importer.system.ImporterProperties properties,
                     org.tenantio.importer.run.RunJournal journal) {
        this.quotas = quotas;
        this.journal = journal;
        this.maxBatchBytes = properties.limits().maxBatchBytes();
        this.maxUploadBytes = properties.maxUploadBytes();
        this.pipelines = pipelines;
        this.archive = archive;
        this.runs = runs;
        this.queue = queue;
        this.audit = audit;
    }

    /** The run as queued (read before the worker can pick it up, so the caller sees it queued). */
    public RunView queue(Tenant tenant, String pipelineCode, IntakeRequest request, InputStream content) {
        return queue(tenant, pipelineCode, request, content, -1);
    }

    /**
     * As {@link #queue(Tenant, String, IntakeRequest, InputStream)}, with the input's size when known
     * beforehand (-1 if not), so the tenant's quotas can refuse it before any of it is read.
     */
    public RunView queue(Tenant tenant, String pipelineCode, IntakeRequest request, InputStream content, long declaredBytes) {
        Pipeline pipeline = importPipeline(tenant, pipelineCode);
        boolean batch = API_BATCH.equals(request.trigger());
        String format = FileNames.extension(request.fileName());
        // A file's name is a first filter; the run checks its content (InputFormat) before reading it.
        if (!batch && !pipeline.formats().contains(format)) {
            throw new IntakeRefusal(415, "unsupported_format", "Unsupported file type '" + (format.isEmpty() ? "(none)" : format)
                    + "': pipeline '" + pipeline.code() + "' accepts " + String.join(", ", pipeline.formats()));
        }
        RunQuotas.Reservation slot = quotas.reserve(tenant.id(), declaredBytes);
        UUID runId;
        ArchivedFile file;
        boolean dryRun = request.dryRun() != null ? request.dryRun() : pipeline.dryRunByDefault();
        try {
            file = archive(tenant, pipeline, request.fileName(), content, batch ? maxBatchBytes : maxUploadBytes,
                    slot.maxFileBytes());
            runId = runs.create(new NewRun(tenant.id(), pipeline.id(), request.trigger(), request.actor(),
                    FileNames.safe(request.fileName()), file.ref(), file.sha256(), file.sizeBytes(), dryRun));
            quotas.attach(slot, runId);
        } catch (RuntimeException e) {
            quotas.cancel(slot);
            throw e;
        }
        audit.record(new AuditEvent(tenant.id(), request.actor(), request.actorRole(), "run.queued", "run",
                runId.toString(), null, Map.of("pipeline", pipeline.code(), "trigger", request.trigger(),
                "file", FileNames.safe(request.fileName()), "sha256", file.sha256(), "dryRun", dryRun), request.requestId()));
        journal.info(tenant.id(), runId, "Queued " + FileNames.safe(request.fileName()) + " (" + file.sizeBytes()
                + " bytes, sha256 " + file.sha256() + ") by " + request.actor() + " via " + request.trigger()
                + (dryRun ? ", dry run" : ""));
        RunView queued = runs.find(tenant.id(), runId).orElseThrow();
        queue.enqueue(runId);
        return queued;
    }

    /** Streams the input into the archive; past the tenant's own file quota it is a quota refusal. */
    private ArchivedFile archive(Tenant tenant, Pipeline pipeline, String fileName, InputStream content, long serviceLimit,
                                 long tenantLimit) {
        try {
            return archive.store(tenant.code(), pipeline.code(), fileName, content, Math.min(serviceLimit, tenantLimit));
        } catch (FileTooLargeException e) {
            throw tenantLimit < serviceLimit ? RunQuotas.fileTooLarge(tenantLimit) : e;
        }
    }

    /** The tenant's import pipeline of that code, if it may take a run now. */
    public Pipeline importPipeline(Tenant tenant, String pipelineCode) {
        Pipeline pipeline = pipelines.findByCode(tenant.id(), pipelineCode)
                .orElseThrow(() -> new IntakeRefusal(404, "pipeline_not_found", "No pipeline '" + pipelineCode + "'"));
        if (!pipeline.isImport()) {
            throw new IntakeRefusal(409, "pipeline_not_import", "Pipeline '" + pipelineCode + "' is not an import pipeline");
        }
        if (!pipeline.acceptsRuns()) {
            throw new IntakeRefusal(409, "pipeline_not_active", "Pipeline '" + pipelineCode + "' is " + pipeline.status()
                    + "; only active pipelines accept runs");
        }
        return pipeline;
    }

    /** Who sent a file, through which door, and how to run it. */
    public record IntakeRequest(String fileName, String trigger, String actor, String actorRole, Boolean dryRun,
                                String requestId) {
    }
}
