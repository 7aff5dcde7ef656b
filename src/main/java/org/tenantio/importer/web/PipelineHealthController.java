package org.tenantio.importer.web;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;
import org.tenantio.importer.health.PipelineHealth;
import org.tenantio.importer.security.Caller;

/** A source's health: aggregates and states only, so every role may read it, like the pipeline itself. */
@RestController
public class PipelineHealthController {

    private final PipelineHealth health;

    public PipelineHealthController(PipelineHealth health) {
        this.health = health;
    }

    @GetMapping("/api/v1/pipelines/{code}/health")
    public PipelineHealth.Health health(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable String code) {
        return health.of(caller.tenant().id(), code);
    }
}
