package org.tenantio.importer.pipeline;

import java.util.UUID;

/**
 * Published (Spring application event) after a pipeline's definition or lifecycle status changed
 * and the change committed, so listeners such as export schedules can follow it.
 */
public record PipelineChanged(UUID tenantId, UUID pipelineId, String code, String status) {
}
