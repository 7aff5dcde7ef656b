package org.tenantio.importer.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.tenantio.importer.audit.AuditLog;
import org.tenantio.importer.audit.AuditLog.AuditEvent;
import org.tenantio.importer.mapping.MappingRepository;
import org.tenantio.importer.row.MappingVersion;
import org.tenantio.importer.pipeline.Lifecycle;
import org.tenantio.importer.pipeline.PipelineChanged;
import org.tenantio.importer.pipeline.PipelineDefinition;
import org.tenantio.importer.pipeline.PipelineDetail;
import org.tenantio.importer.pipeline.PipelineRepository;
import org.tenantio.importer.admin.PipelineValidator;
import org.tenantio.importer.web.ApiKeyFilter;
import org.tenantio.importer.security.Caller;

/**
 * Replaces an import pipeline's column mapping: the pipeline's definition with this mapping in
 * place of the old one goes through the same validation as a PUT of the whole definition, is
 * stored inline, recorded as the next mapping version and audited. Unlike a new definition it
 * leaves the lifecycle status alone: columns moving to other fields is the daily work of an active
 * pipeline, and every run records which mapping version it used.
 */
@RestController
public class PipelineMappingController {

    private final PipelineRepository pipelines;
    private final PipelineValidator validator;
    private final MappingRepository mappings;
    private final TransactionTemplate tx;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;

    public PipelineMappingController(PipelineRepository pipelines, PipelineValidator validator, MappingRepository mappings,
                                     TransactionTemplate tx, AuditLog audit, ApplicationEventPublisher events) {
        this.pipelines = pipelines;
        this.validator = validator;
        this.mappings = mappings;
        this.tx = tx;
        this.audit = audit;
        this.events = events;
    }

    @PutMapping("/api/v1/pipelines/{code}/mapping")
    public PipelinesController.MappingResponse replace(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller,
            @PathVariable String code, @RequestBody(required = false) Map<String, Object> mapping) {
        Roles.require(caller, "change pipeline mappings", PipelineDefinitionsController.AUTHORS);
        PipelineDetail before = pipelines.detail(caller.tenant().id(), code).orElseThrow(() -> ApiException.notFound("Pipeline"));
        if (Lifecycle.ARCHIVED.equals(before.status())) {
            throw new ApiException(409, "pipeline_archived", "Pipeline '" + code + "' is archived and cannot change");
        }
        if (mapping == null || mapping.isEmpty()) {
            throw new ApiException(400, "invalid_mapping", "Send the mapping as a JSON object",
                    List.of(Map.of("field", "mapping", "message", "required")));
        }
        PipelineDefinition definition = validator.forUpdate(code, withMapping(before, mapping));
        MappingVersion after = tx.execute(s -> {
            MappingVersion old = current(caller, before);
            pipelines.redefine(caller.tenant().id(), before.id(), definition);
            MappingVersion saved = mappings.currentVersion(caller.tenant().id(), before.id(), null);
            Map<String, Object> was = new LinkedHashMap<>();
            was.put("mappingRef", before.mappingRef());
            was.put("version", old == null ? null : old.version());
            was.put("mapping", old == null ? null : old.definition());
            audit.record(new AuditEvent(caller.tenant().id(), caller.actor(), caller.role(), "pipeline.mapping_changed",
                    "pipeline", code, was, Map.of("version", saved.version(), "mapping", mapping), caller.requestId()));
            return saved;
        });
        events.publishEvent(new PipelineChanged(caller.tenant().id(), before.id(), code, before.status()));
        return new PipelinesController.MappingResponse(code, null, after.version(), after.checksum(), after.definition());
    }

    private MappingVersion current(Caller caller, PipelineDetail pipeline) {
        try {
            return mappings.currentVersion(caller.tenant().id(), pipeline.id(), pipeline.mappingRef());
        } catch (RuntimeException e) {
            return null; // the old mapping file is gone or broken: nothing to record but that it was replaced
        }
    }

    /** The stored definition as a PUT body would give it, with the new mapping instead of the old one. */
    private static Map<String, Object> withMapping(PipelineDetail p, Map<String, Object> mapping) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", p.name());
        body.put("direction", p.direction());
        body.put("formats", p.formats());
        body.put("targetType", p.targetType());
        if (p.schedule() != null) {
            body.put("schedule", p.schedule());
        }
        if (p.destinations() != null && !p.destinations().isEmpty()) {
            body.put("destinations", p.destinations());
        }
        if (p.options() != null && !p.options().isEmpty()) {
            body.put("options", p.options());
        }
        body.put("mapping", mapping);
        return body;
    }
}
