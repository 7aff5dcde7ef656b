package org.tenantio.importer.web;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.tenantio.importer.mapping.MappingDefinition;
import org.tenantio.importer.mapping.MappingException;
import org.tenantio.importer.mapping.MappingRepository;
import org.tenantio.importer.mapping.MappingVersion;
import org.tenantio.importer.pipeline.Pipeline;
import org.tenantio.importer.pipeline.PipelineRepository;
import org.tenantio.importer.security.ApiKeyFilter;
import org.tenantio.importer.security.Caller;

/** Read access to a pipeline's mapping, as the next run would use it. */
@RestController
@RequestMapping("/api/v1/pipelines")
public class PipelinesController {

    private final PipelineRepository pipelines;
    private final MappingRepository mappings;

    public PipelinesController(PipelineRepository pipelines, MappingRepository mappings) {
        this.pipelines = pipelines;
        this.mappings = mappings;
    }

    @GetMapping("/{code}/mapping")
    public MappingResponse mapping(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable String code) {
        Pipeline pipeline = pipelines.findByCode(caller.tenant().id(), code).orElseThrow(() -> ApiException.notFound("Pipeline"));
        if (pipeline.mappingRef() == null) {
            throw new ApiException(404, "not_found", "Pipeline '" + code + "' has no mapping");
        }
        try {
            MappingVersion v = mappings.currentVersion(caller.tenant().id(), pipeline.id(), pipeline.mappingRef());
            return new MappingResponse(pipeline.code(), pipeline.mappingRef(), v.version(), v.checksum(), v.definition());
        } catch (MappingException e) {
            throw new ApiException(409, "mapping_invalid", e.getMessage());
        }
    }

    public record MappingResponse(String pipeline, String mappingRef, int version, String checksum,
                                  MappingDefinition definition) {
    }
}
