package org.tenantio.importer.pipeline;

import java.time.OffsetDateTime;

/** One recorded move of a pipeline's status. */
public record PipelineTransition(String from, String to, String actor, String actorRole, String reason,
                                 OffsetDateTime at) {
}
