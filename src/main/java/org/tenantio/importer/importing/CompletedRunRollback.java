package org.tenantio.importer.importing;

import org.tenantio.importer.run.RunRepository;
import org.tenantio.importer.run.RunStatus;
import org.tenantio.importer.run.RunView;

import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.tenantio.importer.audit.AuditLog;
import org.tenantio.importer.audit.AuditLog.AuditEvent;
import org.tenantio.importer.load.RunRollback;
import org.tenantio.importer.pipeline.Pipeline;
import org.tenantio.importer.privacy.PurgedRuns;
import org.tenantio.importer.pipeline.PipelineRepository;
import org.tenantio.importer.security.Caller;

/**
 * A steward's undo of a completed run: every record it inserted or updated goes back to how it
 * was, unless a later run has changed it since (reported as a conflict). Rolling back a run
 * that is already rolled back changes nothing.
 */
@Component
public class CompletedRunRollback {

    private final RunRepository runs;
    private final PipelineRepository pipelines;
    private final RunRollback rollback;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final PurgedRuns purged;

    public CompletedRunRollback(RunRepository runs, PipelineRepository pipelines, RunRollback rollback, AuditLog audit,
                                TransactionTemplate tx, PurgedRuns purged) {
        this.purged = purged;
        this.runs = runs;
        this.pipelines = pipelines;
        this.rollback = rollback;
        this.audit = audit;
        this.tx = tx;
    }

    /** Returns false when the run is in no state to be rolled back (queued, running or failed). */
    public boolean rollBack(Caller caller, UUID runId) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            RunView run = runs.find(caller.tenant().id(), runId).orElseThrow();
            if (run.status() == RunStatus.ROLLED_BACK) {
                return true;
            }
            if (run.status() != RunStatus.COMPLETED) {
                return false;
            }
            purged.refuseRollbackIfPurged(run.tenantId(), runId);
            String entity = pipelines.findById(run.tenantId(), run.pipelineId()).map(Pipeline::targetType).orElse("person");
            RunRollback.Result result = rollback.revert(run.tenantId(), runId, entity);
            runs.addToReport(run.tenantId(), runId, Map.of("rollback", result));
            runs.transition(runId, RunStatus.ROLLED_BACK, "rolled back by " + caller.actor() + ": "
                    + result.reverted() + " change(s) undone, " + result.conflicts().size() + " conflict(s)");
            audit.record(new AuditEvent(caller.tenant().id(), caller.actor(), caller.role(), "run.rolled_back", "run",
                    runId.toString(), Map.of("status", run.status().key()),
                    Map.of("reverted", result.reverted(), "conflicts", result.conflicts().size()), caller.requestId()));
            return true;
        }));
    }
}
