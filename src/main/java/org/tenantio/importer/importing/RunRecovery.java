package org.tenantio.importer.importing;

import org.tenantio.importer.run.RunFailure;
import org.tenantio.importer.run.RunQueue;
import org.tenantio.importer.run.RunRepository;
import org.tenantio.importer.run.RunStatus;
import org.tenantio.importer.run.RunView;

import org.tenantio.importer.system.TenantScope;

import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.tenantio.importer.export.ExportRuns;
import org.tenantio.importer.pipeline.Pipeline;
import org.tenantio.importer.pipeline.PipelineRepository;

/**
 * Takes over runs whose owner stopped renewing its lease (a crashed or stopped instance), at
 * start-up and then periodically ({@link RunLeases}): never a run whose owner is alive. A
 * queued run is queued again here; one interrupted mid-way is cancelled if a steward asked,
 * else handled by its pipeline's crash policy ({@code onCrash}): rolled back and failed
 * (default), or sent round again to resume after the chunks it committed.
 */
@Component
public class RunRecovery implements CamelContextConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RunRecovery.class);
    static final String ON_CRASH = "onCrash";

    private final RunRepository runs;
    private final ImportRun importRun;
    private final RunQueue queue;
    private final PipelineRepository pipelines;
    private final ExportRuns exports;

    public RunRecovery(RunRepository runs, ImportRun importRun, RunQueue queue, PipelineRepository pipelines,
                       ExportRuns exports) {
        this.runs = runs;
        this.importRun = importRun;
        this.queue = queue;
        this.pipelines = pipelines;
        this.exports = exports;
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        // nothing before start
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        recoverExpired();
    }

    /** Takes over every run whose lease has expired and sees each through; returns how many. */
    public int recoverExpired() {
        // Finding orphaned runs spans tenants by design; each is then handled in its own tenant's scope.
        var taken = TenantScope.asSystem(runs::takeOverExpired);
        for (RunView run : taken) {
            try {
                TenantScope.run(run.tenantId(), () -> recover(run));
            } catch (RuntimeException e) {
                log.error("Recovering run {} failed: {}", run.id(), e.getClass().getName());
            }
        }
        return taken.size();
    }

    private void recover(RunView run) {
        Pipeline pipeline = pipelines.findById(run.tenantId(), run.pipelineId()).orElse(null);
        if (pipeline != null && !pipeline.isImport()) {
            exports.recover(run);
            return;
        }
        if (run.status() == RunStatus.QUEUED) {
            if (runs.cancelRequestedBy(run.id()).isPresent()
                    && runs.transition(run.id(), RunStatus.CANCELLED, "cancelled while queued")) {
                return;
            }
            log.info("Re-queueing run {} left queued by a stopped instance", run.id());
            queue.enqueue(run.id());
        } else if (runs.cancelRequestedBy(run.id()).isEmpty() && pipeline != null && resumes(pipeline)) {
            long committed = committedRows(run);
            log.warn("Run {} was {} when its instance stopped; resuming after {} committed row(s)", run.id(),
                    run.status().key(), committed);
            if (runs.requeueToResume(run.id(), committed)) {
                queue.enqueue(run.id());
            }
        } else {
            log.warn("Run {} was {} when its instance stopped; rolling it back", run.id(), run.status().key());
            importRun.abandon(run.id(), new RunFailure("interrupted",
                    "The service stopped while the run was " + run.status().key() + "; its changes were rolled back"));
        }
    }

    /** The pipeline's crash policy: rollback (default) or resume. */
    static boolean resumes(Pipeline pipeline) {
        return "resume".equals(String.valueOf(pipeline.options().getOrDefault(ON_CRASH, "rollback")));
    }

    /** Rows of committed chunks: counts move forward in each chunk's own transaction, so they are exact. */
    private static long committedRows(RunView run) {
        Map<String, Object> counts = run.counts();
        return counts.get("read") instanceof Number n ? n.longValue() : 0;
    }
}
