package org.tenantio.importer.pipeline;

/** Which pipelines a listing shows; null means any. */
public record PipelineFilter(String status, String direction, String targetType) {
}
