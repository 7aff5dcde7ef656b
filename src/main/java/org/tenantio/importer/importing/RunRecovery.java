package org.tenantio.importer.importing;

import org.tenantio.importer.run.RunFailure;
import org.tenantio.importer.run.RunQueue;
import org.tenantio.importer.run.RunRepository;
import org.tenantio.importer.run.RunStatus;
import org.tenantio.importer.run.RunView;

import org.tenantio.importer.system.TenantScope;

import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * After a crash or restart: runs that were mid-way are failed (which rolls back what they
 * wrote), runs still queued are handed to the import route again (export runs to the export
 * route). Nothing stays "running".
 */
@Component
public class RunRecovery implements CamelContextConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RunRecovery.class);

    private final RunRepository runs;
    private final ImportRun importRun;
    private final RunQueue queue;
    private final org.tenantio.importer.pipeline.PipelineRepository pipelines;
    private final org.tenantio.importer.export.ExportRuns exports;

    public RunRecovery(RunRepository runs, ImportRun importRun, RunQueue queue,
                       org.tenantio.importer.pipeline.PipelineRepository pipelines,
                       org.tenantio.importer.export.ExportRuns exports) {
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
        // Recovery spans tenants by design; each run is then handled in its own tenant's scope.
        for (RunView run : TenantScope.asSystem(runs::unfinished)) {
            TenantScope.run(run.tenantId(), () -> recover(run));
        }
    }

    private void recover(RunView run) {
        if (pipelines.findById(run.tenantId(), run.pipelineId()).map(p -> !p.isImport()).orElse(false)) {
            exports.recover(run);
        } else if (run.status() == RunStatus.QUEUED) {
            log.info("Re-queueing run {} left queued by an earlier process", run.id());
            queue.enqueue(run.id());
        } else {
            log.warn("Run {} was {} when the service stopped; failing and rolling it back", run.id(), run.status().key());
            importRun.fail(run.id().toString(), new RunFailure("interrupted",
                    "The service stopped while the run was " + run.status().key() + "; its changes were rolled back"), null);
        }
    }
}
