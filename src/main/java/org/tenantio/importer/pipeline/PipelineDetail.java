package org.tenantio.importer.pipeline;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A stored pipeline with everything its definition holds, as the API shows it. */
public record PipelineDetail(
        UUID id,
        String code,
        String name,
        String direction,
        List<String> formats,
        String targetType,
        String mappingRef,
        Map<String, Object> mapping,
        String schedule,
        List<Map<String, Object>> destinations,
        Map<String, Object> options,
        String status,
        String createdBy,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {
}
