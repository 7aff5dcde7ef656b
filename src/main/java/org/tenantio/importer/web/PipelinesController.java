package org.tenantio.importer.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.tenantio.importer.audit.AuditLog;
import org.tenantio.importer.audit.AuditLog.AuditEvent;
import org.tenantio.importer.row.EntityContract;
import org.tenantio.importer.quality.RulePolicies;
import org.tenantio.importer.row.RulePolicy;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.tenantio.importer.row.MappingDefinition;
import org.tenantio.importer.mapping.MappingException;
import org.tenantio.importer.mapping.MappingRepository;
import org.tenantio.importer.row.MappingVersion;
import org.tenantio.importer.pipeline.Pipeline;
import org.tenantio.importer.pipeline.PipelineRepository;
import org.tenantio.importer.web.ApiKeyFilter;
import org.tenantio.importer.security.Caller;

/** Read access to a pipeline's mapping, as the next run would use it. */
@RestController
@RequestMapping("/api/v1/pipelines")
public class PipelinesController {

    private final PipelineRepository pipelines;
    private final MappingRepository mappings;
    private final RulePolicies policies;
    private final AuditLog audit;

    public PipelinesController(PipelineRepository pipelines, MappingRepository mappings, RulePolicies policies,
                               AuditLog audit) {
        this.policies = policies;
        this.audit = audit;
        this.pipelines = pipelines;
        this.mappings = mappings;
    }

    @GetMapping("/{code}/mapping")
    public MappingResponse mapping(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable String code) {
        Pipeline pipeline = pipelines.findByCode(caller.tenant().id(), code).orElseThrow(() -> ApiException.notFound("Pipeline"));
        if (pipeline.mappingRef() == null && !pipeline.isImport()) { // import pipelines without a file have an inline one
            throw new ApiException(404, "not_found", "Pipeline '" + code + "' has no mapping");
        }
        try {
            MappingVersion v = mappings.currentVersion(caller.tenant().id(), pipeline.id(), pipeline.mappingRef());
            return new MappingResponse(pipeline.code(), pipeline.mappingRef(), v.version(), v.checksum(), v.definition());
        } catch (MappingException e) {
            throw new ApiException(409, "mapping_invalid", e.getMessage());
        }
    }

    /** The rules that apply to the pipeline's entity, with this pipeline's mode for each. */
    @GetMapping("/{code}/rules")
    public org.tenantio.importer.system.Page<RuleResponse> rules(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller,
                                                                 @PathVariable String code) {
        Pipeline pipeline = pipeline(caller, code);
        RulePolicy policy = policies.of(pipeline, pipeline.targetType());
        if (policy.contract() == null) {
            return org.tenantio.importer.system.Page.of(List.of());
        }
        return org.tenantio.importer.system.Page.of(policy.contract().rules().stream().map(r -> new RuleResponse(r.code(),
                r.severity(), r.category(), policy.modeOf(r.code()), r.message(), r.hint())).toList());
    }

    /** Sets one rule's mode for this pipeline: enforce, warn or off. Audited with before and after. */
    @PutMapping("/{code}/rules/{ruleCode}")
    public RuleResponse setMode(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable String code,
            @PathVariable String ruleCode, @RequestBody ModeRequest body) {
        Roles.require(caller, "change rule modes", Roles.STEWARDS);
        Pipeline pipeline = pipeline(caller, code);
        RulePolicy policy = policies.of(pipeline, pipeline.targetType());
        EntityContract.Rule rule = policy.contract() == null ? null : policy.contract().rule(ruleCode).orElse(null);
        if (rule == null) {
            throw new ApiException(404, "not_found", "No rule '" + ruleCode + "' applies to " + pipeline.targetType());
        }
        String mode = body == null ? null : body.mode();
        if (!EntityContract.MODES.contains(mode) || ruleCode.startsWith("PARSE-")) {
            throw new ApiException(400, "invalid_mode", "Mode must be one of " + EntityContract.MODES
                    + (ruleCode.startsWith("PARSE-") ? "; PARSE rules are always enforced" : ""),
                    List.of(Map.of("field", "mode", "message", "enforce, warn or off")));
        }
        String before = policy.modeOf(ruleCode);
        Map<String, Object> options = new LinkedHashMap<>(pipeline.options());
        Map<String, String> modes = new LinkedHashMap<>(pipeline.ruleModes());
        modes.put(ruleCode, mode);
        options.put("ruleModes", modes);
        pipelines.updateOptions(caller.tenant().id(), pipeline.id(), options);
        audit.record(new AuditEvent(caller.tenant().id(), caller.actor(), caller.role(), "pipeline.rule_mode_changed",
                "pipeline", pipeline.code(), Map.of("rule", ruleCode, "mode", before), Map.of("rule", ruleCode, "mode", mode),
                caller.requestId()));
        return new RuleResponse(rule.code(), rule.severity(), rule.category(), mode, rule.message(), rule.hint());
    }

    private Pipeline pipeline(Caller caller, String code) {
        return pipelines.findByCode(caller.tenant().id(), code).orElseThrow(() -> ApiException.notFound("Pipeline"));
    }

    public record RuleResponse(String code, String severity, String category, String mode, String message, String hint) {
    }

    public record ModeRequest(String mode) {
    }

    public record MappingResponse(String pipeline, String mappingRef, int version, String checksum,
                                  MappingDefinition definition) {
    }
}
