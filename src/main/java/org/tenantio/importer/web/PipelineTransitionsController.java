package org.tenantio.importer.web;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.tenantio.importer.pipeline.Lifecycle;
import org.tenantio.importer.pipeline.Pipeline;
import org.tenantio.importer.pipeline.PipelineLifecycle;
import org.tenantio.importer.pipeline.PipelineRepository;
import org.tenantio.importer.pipeline.PipelineTransition;
import org.tenantio.importer.web.ApiKeyFilter;
import org.tenantio.importer.security.Caller;

/** The governance lifecycle over the API: move a pipeline, and read how it got where it is. */
@RestController
@RequestMapping("/api/v1/pipelines/{code}")
public class PipelineTransitionsController {

    private final PipelineLifecycle lifecycle;
    private final PipelineRepository pipelines;

    public PipelineTransitionsController(PipelineLifecycle lifecycle, PipelineRepository pipelines) {
        this.lifecycle = lifecycle;
        this.pipelines = pipelines;
    }

    @PostMapping("/transitions")
    public StatusResponse transition(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable String code,
                                     @RequestBody(required = false) TransitionRequest body) {
        return moved(lifecycle.transition(caller, code, body == null ? null : body.status(), body == null ? null : body.reason()));
    }

    /** Shorthand for a transition to active. */
    @PostMapping("/start")
    public StatusResponse start(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable String code,
                                @RequestBody(required = false) TransitionRequest body) {
        return moved(lifecycle.transition(caller, code, Lifecycle.ACTIVE, body == null ? null : body.reason()));
    }

    /** Shorthand for a transition to suspended. */
    @PostMapping("/stop")
    public StatusResponse stop(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable String code,
                               @RequestBody(required = false) TransitionRequest body) {
        return moved(lifecycle.transition(caller, code, Lifecycle.SUSPENDED, body == null ? null : body.reason()));
    }

    @GetMapping("/transitions")
    public org.tenantio.importer.system.Page<PipelineTransition> transitions(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller,
                                                @PathVariable String code) {
        Pipeline pipeline = pipelines.findByCode(caller.tenant().id(), code).orElseThrow(() -> ApiException.notFound("Pipeline"));
        return org.tenantio.importer.system.Page.of(pipelines.transitions(caller.tenant().id(), pipeline.id()));
    }

    private static StatusResponse moved(Pipeline p) {
        return new StatusResponse(p.code(), p.status(), Lifecycle.allowedFrom(p.status()));
    }

    public record TransitionRequest(String status, String reason) {
    }

    /** Where the pipeline is now and where it may go next. */
    public record StatusResponse(String code, String status, List<String> next) {
    }
}
