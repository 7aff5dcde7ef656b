package org.tenantio.importer.export;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.tenantio.importer.audit.AuditLog;
import org.tenantio.importer.audit.AuditLog.AuditEvent;
import org.tenantio.importer.delivery.DeliveryRepository;
import org.tenantio.importer.delivery.DeliveryTask;
import org.tenantio.importer.delivery.Destination;
import org.tenantio.importer.tenant.RunQuotas;
import org.tenantio.importer.pipeline.Pipeline;
import org.tenantio.importer.pipeline.PipelineRepository;
import org.tenantio.importer.run.NewRun;
import org.tenantio.importer.run.RunRepository;
import org.tenantio.importer.run.RunView;
import org.tenantio.importer.tenant.Tenant;
import org.tenantio.importer.tenant.TenantRepository;
import org.tenantio.importer.system.TenantScope;

/**
 * Starts export runs (on demand or from a schedule) and redelivers a run's failed destinations.
 * A run is recorded and audited here, then handed to the export-run route.
 */
@Component("exportRuns")
public class ExportRuns {

    public static final String RUN_ENDPOINT = "seda:export-runs";
    public static final String DELIVERY_ENDPOINT = "seda:export-redeliveries";
    private static final Logger log = LoggerFactory.getLogger(ExportRuns.class);

    private final PipelineRepository pipelines;
    private final ExportDefinitions definitions;
    private final RunRepository runs;
    private final DeliveryRepository deliveries;
    private final TenantRepository tenants;
    private final ExportFiles files;
    private final AuditLog audit;
    private final ProducerTemplate producer;
    private final ExportRun exportRun;
    private final RunQuotas quotas;
    private final ExportSchedules schedules;

    public ExportRuns(ExportRun exportRun, PipelineRepository pipelines, ExportDefinitions definitions, RunRepository runs,
                      DeliveryRepository deliveries, TenantRepository tenants, ExportFiles files, AuditLog audit,
                      ProducerTemplate producer, RunQuotas quotas, @org.springframework.context.annotation.Lazy
                      ExportSchedules schedules) {
        this.quotas = quotas;
        this.schedules = schedules;
        this.pipelines = pipelines;
        this.definitions = definitions;
        this.runs = runs;
        this.deliveries = deliveries;
        this.tenants = tenants;
        this.files = files;
        this.audit = audit;
        this.producer = producer;
        this.exportRun = exportRun;
    }

    /** At start-up: a queued export run is queued again; one interrupted mid-way fails (its file is incomplete). */
    public void recover(RunView run) {
        if (run.status() == org.tenantio.importer.run.RunStatus.QUEUED) {
            log.info("Re-queueing export run {} left queued by an earlier process", run.id());
            producer.sendBodyAndHeader(RUN_ENDPOINT, run.id().toString(), "runId", run.id().toString());
        } else {
            exportRun.fail(run.id().toString(), new org.tenantio.importer.run.RunFailure("interrupted",
                    "The service stopped while the export was " + run.status().key() + "; start it again"));
        }
    }

    /** Who asks for a run: a key's actor and role, or a schedule. */
    public record Starter(String actor, String role, String trigger, String requestId) {
    }

    /** Queues an export run of an active, valid export pipeline; returns it as queued. */
    public RunView start(Tenant tenant, Pipeline pipeline, Starter starter) {
        if (!pipeline.acceptsRuns()) {
            throw new ExportRefused(409, "pipeline_not_active", "Pipeline '" + pipeline.code() + "' is "
                    + pipeline.status() + "; only active pipelines run");
        }
        ExportDefinition d = definitions.parse(definitions.find(tenant.id(), pipeline.id()).orElseThrow());
        // An export is a run like an import: it takes a slot of the tenant's run quotas, freed when it ends.
        RunQuotas.Reservation slot = quotas.reserve(tenant.id(), -1);
        UUID runId;
        try {
            runId = runs.create(new NewRun(tenant.id(), pipeline.id(), starter.trigger(), starter.actor(), null, null,
                    null, 0, false));
            quotas.attach(slot, runId);
        } catch (RuntimeException e) {
            quotas.cancel(slot);
            throw e;
        }
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("pipeline", d.code());
        after.put("trigger", starter.trigger());
        after.put("filters", d.filters());
        after.put("destinations", d.destinations().stream().map(Destination::kind).toList());
        audit.record(new AuditEvent(tenant.id(), starter.actor(), starter.role(), "export.run_queued", "run",
                runId.toString(), null, after, starter.requestId()));
        RunView queued = runs.find(tenant.id(), runId).orElseThrow();
        producer.sendBodyAndHeader(RUN_ENDPOINT, runId.toString(), "runId", runId.toString());
        return queued;
    }

    /**
     * Called by a pipeline's schedule route. The pipeline is looked up at fire time: one deleted,
     * suspended, restricted, sent back to draft or retired since (on this instance or another: the
     * clustered trigger fires wherever) does not run, and its trigger is removed for every instance.
     */
    public void scheduled(String tenantId, String pipelineId) {
        UUID tenant = UUID.fromString(tenantId);
        UUID id = UUID.fromString(pipelineId);
        TenantScope.run(tenant, () -> {
            Pipeline pipeline = pipelines.findById(tenant, id).orElse(null);
            // A deleted pipeline keeps its row (runs point at it): only the export definition lookup skips it.
            if (pipeline == null || pipeline.isImport() || !pipeline.acceptsRuns() || definitions.find(tenant, id).isEmpty()) {
                log.info("Schedule of pipeline {} fired, but it is no longer an active export: unscheduled", pipelineId);
                schedules.unschedule(id);
                return;
            }
            try {
                start(tenants.findById(tenant).orElseThrow(), pipeline, new Starter("system:schedule", null, "schedule", null));
            } catch (ExportDefinitionException e) {
                log.warn("Scheduled export {} not started: its definition is not valid", pipeline.code());
            } catch (org.tenantio.importer.tenant.QuotaExceeded e) {
                log.warn("Scheduled export {} not started: the tenant's {} quota is used up", pipeline.code(), e.limit());
                audit.record(AuditEvent.system(tenant, "schedule", "export.schedule_skipped", "pipeline", pipeline.code(),
                        Map.of("reason", "quota_exceeded", "limit", e.limit())));
            }
        });
    }

    /**
     * Sends a run's failed deliveries again, with the file the run wrote (not regenerated); returns
     * how many were queued.
     */
    public int redeliver(Tenant tenant, RunView run, Starter starter) {
        if (run.outputRef() == null) {
            throw new ExportRefused(409, "nothing_to_redeliver", "The run has no export file");
        }
        List<DeliveryRepository.Claimed> claimed = deliveries.claimFailed(tenant.id(), run.id());
        for (DeliveryRepository.Claimed c : claimed) {
            producer.sendBody(DELIVERY_ENDPOINT, new DeliveryTask(c.id(), tenant.id(), tenant.code(), run.id(),
                    run.pipelineCode(), c.destination(), files.resolve(run.outputRef()), run.fileName()));
        }
        audit.record(new AuditEvent(tenant.id(), starter.actor(), starter.role(), "export.redelivery_requested", "run",
                run.id().toString(), null, Map.of("destinations", claimed.stream().map(c -> c.destination().position()).toList()),
                starter.requestId()));
        return claimed.size();
    }
}
