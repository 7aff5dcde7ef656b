package org.tenantio.importer.load;

import java.util.Optional;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;
import org.tenantio.importer.row.RowChunk;
import org.tenantio.importer.system.LogContext;
import org.tenantio.importer.system.TenantScope;

/**
 * Binds the thread that prepares a chunk to the chunk's tenant, and puts back what the thread
 * was bound to before: chunks run on the route's executor, or on the run's own thread when the
 * executor is full, and that thread must stay in its run's scope afterwards. The same for the
 * log context: a chunk's lines carry its run's ids whichever thread writes them.
 */
@Component("chunkScope")
public class ChunkScope {

    private static final String PREVIOUS = "importer.previousScope";
    private static final String SYSTEM = "system";
    private static final String PREVIOUS_LOG = "importer.previousLogContext";

    public RowChunk enter(Exchange exchange) {
        RowChunk chunk = exchange.getMessage().getBody(RowChunk.class);
        Object previous = TenantScope.isSystem() ? SYSTEM : TenantScope.current().orElse(null);
        exchange.setProperty(PREVIOUS, Optional.ofNullable(previous));
        TenantScope.enter(chunk.context().tenantId());
        exchange.setProperty(PREVIOUS_LOG, LogContext.joinRun(chunk.context().runId()));
        return chunk;
    }

    @SuppressWarnings("unchecked")
    public void leave(Exchange exchange) {
        LogContext.restore(exchange.getProperty(PREVIOUS_LOG, java.util.Map.class));
        Optional<?> previous = exchange.getProperty(PREVIOUS, Optional.class);
        Object was = previous == null ? null : previous.orElse(null);
        if (was == null) {
            TenantScope.clear();
        } else if (SYSTEM.equals(was)) {
            TenantScope.enterSystem();
        } else {
            TenantScope.enter((UUID) was);
        }
    }
}
