package org.tenantio.importer.pipeline;




import java.util.List;
import java.util.Map;

/**
 * A pipeline as a client defines it (POST and PUT), after the admin flow's definition check accepted it.
 *
 * @param mappingInline the inline mapping as JSON text, or null when {@code mappingRef} names a file
 */
public record PipelineDefinition(
        String code,
        String name,
        String direction,
        List<String> formats,
        String targetType,
        String mappingRef,
        String mappingInline,
        String schedule,
        List<Map<String, Object>> destinations,
        Map<String, Object> options) {
}
