package org.tenantio.importer.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.apache.commons.codec.binary.Hex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.tenantio.importer.audit.AuditLog;
import org.tenantio.importer.privacy.AccessLog;
import org.tenantio.importer.audit.AuditLog.AuditEvent;
import org.tenantio.importer.delivery.DeliveryRepository;
import org.tenantio.importer.delivery.DeliveryTask;
import org.tenantio.importer.delivery.Destination;
import org.tenantio.importer.row.EntityContract;
import org.tenantio.importer.quality.EntityContracts;
import org.tenantio.importer.run.RunFailure;
import org.tenantio.importer.run.RunRepository;
import org.tenantio.importer.run.RunStatus;
import org.tenantio.importer.run.RunView;
import org.tenantio.importer.tenant.TenantRepository;
import org.tenantio.importer.system.TenantScope;

/**
 * The export run's steps, called by the export-run route: {@link #start} checks the definition,
 * {@link #write} streams the selected records through masking into the file (kept for
 * redelivery) and returns one delivery per destination, {@link #complete} and {@link #fail} end it.
 */
@Component("exportRun")
public class ExportRun {

    private static final Logger log = LoggerFactory.getLogger(ExportRun.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private final RunRepository runs;
    private final ExportDefinitions definitions;
    private final ExportQuery query;
    private final Masking masking;
    private final EntityContracts contracts;
    private final DeliveryRepository deliveries;
    private final TenantRepository tenants;
    private final AuditLog audit;
    private final ExportFiles files;

    private final AccessLog accessLog;

    private final org.tenantio.importer.run.RunLogScope logScope;

    public ExportRun(RunRepository runs, ExportDefinitions definitions, ExportQuery query, Masking masking,
                     EntityContracts contracts, DeliveryRepository deliveries, TenantRepository tenants, AuditLog audit,
                     ExportFiles files, AccessLog accessLog, org.tenantio.importer.run.RunLogScope logScope) {
        this.accessLog = accessLog;
        this.logScope = logScope;
        this.runs = runs;
        this.definitions = definitions;
        this.query = query;
        this.masking = masking;
        this.contracts = contracts;
        this.deliveries = deliveries;
        this.tenants = tenants;
        this.audit = audit;
        this.files = files;
    }

    /** What the route carries from step to step. */
    public record ExportJob(RunView run, ExportDefinition definition, Map<String, String> masked) {
    }

    /**
     * Validating: the stored definition must still be valid; its version is recorded on the run.
     * A second delivery of a run another consumer already claimed gives null (the route stops):
     * failing it would end a run that is being written.
     */
    public ExportJob start(String runId) {
        UUID id = UUID.fromString(runId);
        // The route holds only the run id: finding its tenant spans tenants; the rest runs in that tenant's scope.
        RunView run = TenantScope.asSystem(() -> runs.findForWorker(id))
                .orElseThrow(() -> new IllegalStateException("Run " + runId + " does not exist"));
        logScope.enter(run); // left when the run completes or fails
        return TenantScope.call(run.tenantId(), () -> {
            if (!runs.transition(id, RunStatus.VALIDATING, null)) {
                log.debug("Export run {} delivered again while {}: already claimed, nothing to do", id, run.status().key());
                logScope.leaveThread();
                return null;
            }
            ExportDefinition d = definitions.find(run.tenantId(), run.pipelineId())
                    .map(this::parse).orElseThrow(() -> new RunFailure("pipeline_not_export", "The pipeline is not an export"));
            runs.recordMappingVersion(run.tenantId(), id, definitions.version(d));
            Map<String, String> masked = maskedFields(d);
            runs.addToReport(run.tenantId(), id, Map.of("masking", masked, "filters", d.filters()));
            runs.transition(id, RunStatus.RUNNING, null);
            log.info("Export run {} started: pipeline {}", id, d.code());
            return new ExportJob(run, d, masked);
        });
    }

    private ExportDefinition parse(ExportDefinitions.Stored stored) {
        try {
            return definitions.parse(stored);
        } catch (ExportDefinitionException e) {
            Map<String, List<String>> details = new LinkedHashMap<>();
            e.problems().forEach(p -> details.computeIfAbsent(p.get("field"), k -> new ArrayList<>()).add(p.get("message")));
            throw new RunFailure("export_definition_invalid", e.getMessage(), details);
        }
    }

    /** Field → masking kind, for the fields this export shows masked. */
    private Map<String, String> maskedFields(ExportDefinition d) {
        EntityContract contract = contracts.find(d.entity()).orElseThrow();
        Map<String, String> masked = new LinkedHashMap<>();
        d.fieldsInOrder().stream().filter(f -> f != null && contract.fields().containsKey(f)).forEach(f -> {
            String kind = contract.fields().get(f).masking();
            if (kind != null && !d.authorisedFields().contains(f)) {
                masked.put(f, kind);
            }
        });
        return masked;
    }

    /** Streams the export into its file and returns one pending delivery per destination. */
    public List<DeliveryTask> write(ExportJob job) throws IOException {
        ExportDefinition d = job.definition();
        UUID runId = job.run().id();
        List<UnaryOperator<String>> maskers = d.fieldsInOrder().stream()
                .map(f -> masking.masker(f == null ? null : job.masked().get(f), d.tenantId(), f)).toList();
        Path file = files.pathOf(d.tenantId(), runId, d.format());
        Files.createDirectories(file.getParent());
        MessageDigest sha256 = sha256();
        long rows;
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), sha256);
             ExportWriter writer = ExportWriter.open(d.format(), out)) {
            writer.row(d.header());
            rows = TenantScope.call(d.tenantId(), () -> query.stream(d, cells -> {
                List<String> masked = new ArrayList<>(cells.size());
                for (int i = 0; i < cells.size(); i++) {
                    masked.add(maskers.get(i).apply(cells.get(i)));
                }
                writer.row(masked);
            }));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file); // never kept, never redelivered: half a file
            throw e;
        }
        String digest = Hex.encodeHexString(sha256.digest());
        // The run id's start keeps two runs of the same second apart.
        String fileName = d.code() + "-" + job.run().createdAt().atZoneSameInstant(ZoneOffset.UTC).format(STAMP) + "-"
                + runId.toString().substring(0, 8) + "." + d.format();
        String tenantCode = tenants.findById(d.tenantId()).orElseThrow().code();
        long size = Files.size(file);
        return TenantScope.call(d.tenantId(), () -> {
            runs.recordOutput(d.tenantId(), runId, fileName, files.ref(file), digest, size, rows);
            accessLog.exported(d.tenantId(), job.run().actor(), runId, d.code(), rows);
            List<Long> ids = deliveries.createPending(d.tenantId(), runId, d.destinations());
            List<DeliveryTask> tasks = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                tasks.add(new DeliveryTask(ids.get(i), d.tenantId(), tenantCode, runId, d.code(), d.destinations().get(i),
                        file, fileName));
            }
            log.info("Export run {}: {} row(s) written, {} destination(s)", runId, rows, tasks.size());
            return tasks;
        });
    }

    /** The file is written and every destination has its outcome (delivered or failed). */
    public void complete(ExportJob job) {
        RunView run = job.run();
        try {
            TenantScope.run(run.tenantId(), () -> {
                RunView done = runs.findForWorker(run.id()).orElseThrow();
                audit.record(new AuditEvent(run.tenantId(), run.actor(), null, "export.run_completed", "run",
                        run.id().toString(), null, summary(job, done), null));
                runs.transition(run.id(), RunStatus.COMPLETED, null);
            });
        } finally {
            logScope.leave(run.id());
        }
    }

    private static Map<String, Object> summary(ExportJob job, RunView done) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("pipeline", job.definition().code());
        s.put("trigger", done.trigger());
        s.put("rows", done.counts().get("rows"));
        s.put("sha256", done.sha256());
        s.put("masking", job.masked());
        s.put("filters", job.definition().filters());
        s.put("destinations", job.definition().destinations().stream().map(Destination::kind).toList());
        s.put("deliveries", done.report().get("deliveries"));
        return s;
    }

    /** Ends the run failed, with a reason the user can read. */
    public void fail(String runId, Exception cause) {
        UUID id = UUID.fromString(runId);
        RunView run = TenantScope.asSystem(() -> runs.findForWorker(id)).orElse(null);
        if (run == null) {
            return;
        }
        logScope.enter(run);
        try {
            failInScope(run, runId, cause);
        } finally {
            logScope.leave(id);
        }
    }

    private void failInScope(RunView run, String runId, Exception cause) {
        UUID id = run.id();
        TenantScope.run(run.tenantId(), () -> {
            Map<String, Object> error = new LinkedHashMap<>();
            RunFailure failure = cause instanceof RunFailure f ? f : null;
            error.put("code", failure == null ? "internal_error" : failure.code());
            error.put("message", failure == null
                    ? "The export stopped on an internal error; operators can find run " + runId + " in the log"
                    : failure.getMessage());
            if (failure != null && !failure.details().isEmpty()) {
                error.put("details", failure.details());
            }
            if (failure == null) {
                log.error("Export run {} failed on an internal error: {}", runId, cause == null ? "?" : cause.getClass().getName());
                log.debug("Export run {} failure detail", runId, cause);
            }
            if (runs.transition(id, RunStatus.FAILED, String.valueOf(error.get("message")))) {
                runs.addToReport(run.tenantId(), id, Map.of("error", error));
                audit.record(new AuditEvent(run.tenantId(), run.actor(), null, "export.run_failed", "run", runId, null,
                        error, null));
            }
        });
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
