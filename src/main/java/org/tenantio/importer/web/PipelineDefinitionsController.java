package org.tenantio.importer.web;

import org.tenantio.importer.system.Page;

import java.net.URI;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.tenantio.importer.audit.AuditLog;
import org.tenantio.importer.audit.AuditLog.AuditEvent;
import org.tenantio.importer.pipeline.Lifecycle;
import org.tenantio.importer.pipeline.PipelineChanged;
import org.tenantio.importer.pipeline.PipelineDefinition;
import org.tenantio.importer.pipeline.PipelineDetail;
import org.tenantio.importer.pipeline.PipelineFilter;
import org.tenantio.importer.pipeline.PipelineMetrics;
import org.tenantio.importer.pipeline.PipelineRepository;
import org.tenantio.importer.admin.PipelineValidator;
import org.tenantio.importer.web.ApiKeyFilter;
import org.tenantio.importer.security.Caller;

/** Pipelines as resources: define, list, read with metrics, redefine and delete. */
@RestController
@RequestMapping("/api/v1/pipelines")
public class PipelineDefinitionsController {

    static final String[] AUTHORS = {"admin", "operator"};

    private final PipelineRepository pipelines;
    private final PipelineValidator validator;
    private final PipelineMetrics metrics;
    private final TransactionTemplate tx;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;

    public PipelineDefinitionsController(PipelineRepository pipelines, PipelineValidator validator, PipelineMetrics metrics,
                                         TransactionTemplate tx, AuditLog audit, ApplicationEventPublisher events) {
        this.pipelines = pipelines;
        this.validator = validator;
        this.metrics = metrics;
        this.tx = tx;
        this.audit = audit;
        this.events = events;
    }

    /** A new pipeline starts as a draft; it takes runs once requested, reviewed, approved and activated. */
    @PostMapping
    public ResponseEntity<PipelineResponse> create(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller,
                                                   @RequestBody(required = false) Map<String, Object> body) {
        Roles.require(caller, "define pipelines", AUTHORS);
        PipelineDefinition definition = validator.forCreate(caller.tenant().id(), body);
        PipelineDetail created = tx.execute(s -> {
            pipelines.define(caller.tenant().id(), definition, caller.actor(), caller.role());
            audit.record(new AuditEvent(caller.tenant().id(), caller.actor(), caller.role(), "pipeline.created", "pipeline",
                    definition.code(), null, definition, caller.requestId()));
            return pipelines.detail(caller.tenant().id(), definition.code()).orElseThrow();
        });
        events.publishEvent(new PipelineChanged(caller.tenant().id(), created.id(), created.code(), created.status()));
        return ResponseEntity.created(URI.create("/api/v1/pipelines/" + created.code()))
                .body(new PipelineResponse(created, metrics.of(caller.tenant().id(), created.id())));
    }

    @GetMapping
    public Page<PipelineDetail> list(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller,
            @RequestParam(required = false) String status, @RequestParam(required = false) String direction,
            @RequestParam(required = false) String targetType,
            @RequestParam(defaultValue = "100") int limit, @RequestParam(defaultValue = "0") long offset) {
        Page.checkBounds(limit, offset);
        PipelineFilter filter = new PipelineFilter(status, direction, targetType);
        return new Page<>(pipelines.list(caller.tenant().id(), filter, limit, offset),
                pipelines.count(caller.tenant().id(), filter), limit, offset);
    }

    @GetMapping("/{code}")
    public PipelineResponse get(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable String code) {
        PipelineDetail detail = detail(caller, code);
        return new PipelineResponse(detail, metrics.of(caller.tenant().id(), detail.id()));
    }

    /**
     * Replaces the definition. A pipeline under approval or past it (requested ... active,
     * restricted, suspended) goes back to draft and stops: what was approved is not what is now
     * stored, so it runs again only after a new request, review and approval.
     */
    @PutMapping("/{code}")
    public PipelineResponse update(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable String code,
                                   @RequestBody(required = false) Map<String, Object> body) {
        Roles.require(caller, "define pipelines", AUTHORS);
        PipelineDetail before = detail(caller, code);
        PipelineDefinition definition = validator.forUpdate(code, body);
        PipelineDetail after = tx.execute(s -> {
            // Under the row lock: a transition to active racing this PUT either comes first (and is undone
            // here) or waits and then finds a draft.
            String status = pipelines.lockByCode(caller.tenant().id(), code).orElseThrow(() -> ApiException.notFound("Pipeline"))
                    .status();
            if (Lifecycle.FROZEN.contains(status)) {
                throw new ApiException(409, "pipeline_" + status, "Pipeline '" + code + "' is " + status
                        + " and cannot change");
            }
            pipelines.redefine(caller.tenant().id(), before.id(), definition);
            if (Lifecycle.REDEFINED_TO_DRAFT.contains(status)) {
                pipelines.backToDraft(caller.tenant().id(), before.id(), status, caller.actor(), caller.role());
            }
            audit.record(new AuditEvent(caller.tenant().id(), caller.actor(), caller.role(), "pipeline.updated", "pipeline",
                    code, before, definition, caller.requestId()));
            return pipelines.detail(caller.tenant().id(), code).orElseThrow();
        });
        events.publishEvent(new PipelineChanged(caller.tenant().id(), after.id(), after.code(), after.status()));
        return new PipelineResponse(after, metrics.of(caller.tenant().id(), after.id()));
    }

    /** Refused while a run is queued or running; runs and audit entries keep pointing at the deleted pipeline. */
    @DeleteMapping("/{code}")
    public ResponseEntity<Void> delete(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable String code) {
        Roles.require(caller, "delete pipelines", "admin");
        PipelineDetail before = detail(caller, code);
        tx.executeWithoutResult(s -> {
            if (pipelines.lockByCode(caller.tenant().id(), code).isEmpty()) {
                throw ApiException.notFound("Pipeline");
            }
            if (pipelines.hasUnfinishedRuns(caller.tenant().id(), before.id())) {
                throw new ApiException(409, "pipeline_busy", "Pipeline '" + code + "' has queued or running runs; "
                        + "delete it when they have finished");
            }
            pipelines.delete(caller.tenant().id(), before.id());
            audit.record(new AuditEvent(caller.tenant().id(), caller.actor(), caller.role(), "pipeline.deleted", "pipeline",
                    code, before, null, caller.requestId()));
        });
        events.publishEvent(new PipelineChanged(caller.tenant().id(), before.id(), code, "deleted"));
        return ResponseEntity.noContent().build();
    }

    private PipelineDetail detail(Caller caller, String code) {
        return pipelines.detail(caller.tenant().id(), code).orElseThrow(() -> ApiException.notFound("Pipeline"));
    }

    /** The definition with how its runs went. */
    public record PipelineResponse(@com.fasterxml.jackson.annotation.JsonUnwrapped PipelineDetail pipeline,
                                   PipelineMetrics.Figures metrics) {
    }
}
