package org.tenantio.importer.pipeline;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.tenantio.importer.audit.AuditLog;
import org.tenantio.importer.audit.AuditLog.AuditEvent;
import org.tenantio.importer.security.Caller;

/**
 * Moves a pipeline through {@link Lifecycle}: checks the step is legal and the caller may take it
 * (an approver is never the requester), records the transition and the audit entry in one
 * transaction, and tells listeners (export schedules) once it committed.
 */
@Component
public class PipelineLifecycle {

    private final PipelineRepository pipelines;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;

    public PipelineLifecycle(PipelineRepository pipelines, JdbcTemplate jdbc, TransactionTemplate tx, AuditLog audit,
                             ApplicationEventPublisher events) {
        this.pipelines = pipelines;
        this.jdbc = jdbc;
        this.tx = tx;
        this.audit = audit;
        this.events = events;
    }

    public Pipeline transition(Caller caller, String code, String target, String reason) {
        if (target == null || !Lifecycle.statuses().contains(target)) {
            throw new PipelineRefusal(400, "invalid_status", "Target status must be one of " + Lifecycle.statuses(),
                    List.of(Map.of("field", "status", "message", "unknown status '" + target + "'")));
        }
        Pipeline moved = tx.execute(s -> move(caller, code, target, reason));
        events.publishEvent(new PipelineChanged(moved.tenantId(), moved.id(), moved.code(), moved.status()));
        return moved;
    }

    private Pipeline move(Caller caller, String code, String target, String reason) {
        Pipeline pipeline = pipelines.lockByCode(caller.tenant().id(), code)
                .orElseThrow(() -> new PipelineRefusal(404, "not_found", "Pipeline not found"));
        List<String> allowed = Lifecycle.allowedFrom(pipeline.status());
        if (!allowed.contains(target)) {
            throw new PipelineRefusal(409, "illegal_transition", "Pipeline '" + code + "' is " + pipeline.status()
                    + "; it may move to " + (allowed.isEmpty() ? "no other status" : String.join(", ", allowed)),
                    allowed.stream().map(s -> Map.of("field", "status", "message", "allowed: " + s)).toList());
        }
        if (!Lifecycle.rolesFor(target).contains(caller.role())) {
            throw new PipelineRefusal(403, "forbidden", "Role '" + caller.role() + "' may not move a pipeline to "
                    + target + " (needs " + String.join(" or ", Lifecycle.rolesFor(target)) + ")");
        }
        if ((Lifecycle.REVIEWED.equals(target) || Lifecycle.APPROVED.equals(target))
                && Objects.equals(requester(pipeline), caller.owner())) {
            // Compared by owner: a second key of the requester's own is still the requester.
            String step = Lifecycle.REVIEWED.equals(target) ? "review" : "approve";
            throw new PipelineRefusal(403, Lifecycle.REVIEWED.equals(target) ? "reviewer_is_requester" : "approver_is_requester",
                    "Whoever requested this pipeline (" + caller.owner() + ") may not " + step
                            + " it, with any of their keys; an admin who is another person must");
        }
        pipelines.setStatus(pipeline.tenantId(), pipeline.id(), target);
        pipelines.recordTransition(pipeline.tenantId(), pipeline.id(), pipeline.status(), target, caller.actor(),
                caller.role(), reason);
        audit.record(new AuditEvent(pipeline.tenantId(), caller.actor(), caller.role(), "pipeline.transitioned", "pipeline",
                pipeline.code(), Map.of("status", pipeline.status()),
                reason == null ? Map.of("status", target) : Map.of("status", target, "reason", reason), caller.requestId()));
        return pipelines.findById(pipeline.tenantId(), pipeline.id()).orElseThrow();
    }

    /** Who asked for the current approval round, as a person: the owner of the key of the latest move into requested. */
    private String requester(Pipeline pipeline) {
        return jdbc.query("""
                SELECT COALESCE(actor_owner, actor) FROM pipeline_transitions
                 WHERE tenant_id = ? AND pipeline_id = ? AND to_status = 'requested'
                 ORDER BY id DESC LIMIT 1""", rs -> rs.next() ? rs.getString(1) : null, pipeline.tenantId(), pipeline.id());
    }
}
