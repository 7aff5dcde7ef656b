package org.tenantio.importer.run;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import org.tenantio.importer.system.LogContext;
import org.tenantio.importer.system.TenantScope;
import org.tenantio.importer.tenant.Tenant;
import org.tenantio.importer.tenant.TenantRepository;

/**
 * Puts a run's ids in the log context of the thread that works on it: the run, its tenant's and
 * pipeline's codes and the request that queued it (see {@link LogContext}). Tenant codes never
 * change, so each is looked up once.
 */
@Component
public class RunLogScope {

    private final RunRepository runs;
    private final TenantRepository tenants;
    private final Map<UUID, String> tenantCodes = new ConcurrentHashMap<>();

    public RunLogScope(RunRepository runs, TenantRepository tenants) {
        this.runs = runs;
        this.tenants = tenants;
    }

    public void enter(RunView run) {
        String tenant = tenantCodes.computeIfAbsent(run.tenantId(),
                id -> TenantScope.asSystem(() -> tenants.findById(id)).map(Tenant::code).orElse(id.toString()));
        String requestId = TenantScope.call(run.tenantId(), () -> runs.requestIdOf(run.tenantId(), run.id()));
        LogContext.enterRun(run.id(), tenant, run.pipelineCode(), requestId);
    }

    public void leave(UUID runId) {
        LogContext.leaveRun(runId);
    }

    /** A duplicate delivery of a run that another consumer owns: only this thread's keys go. */
    public void leaveThread() {
        LogContext.leaveThread();
    }
}
