package org.tenantio.importer.alerting;

import java.time.OffsetDateTime;
import java.util.UUID;

/** One alert as stored and listed: what fired, for which run, how often within its group. */
public record Alert(long id, String pipeline, UUID runId, String kind, String severity, String message, String link,
                    int occurrences, OffsetDateTime firstAt, OffsetDateTime lastAt) {
}
