package org.tenantio.importer.run;

import java.util.UUID;

/**
 * Published (Spring application event) when a run of any kind reaches completed, failed or cancelled;
 * listeners that act outside the database (webhooks) should wait for the commit.
 */
public record RunFinished(UUID tenantId, UUID runId, RunStatus status) {
}
