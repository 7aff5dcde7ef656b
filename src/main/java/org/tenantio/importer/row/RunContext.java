package org.tenantio.importer.row;

import java.util.UUID;
import org.tenantio.importer.row.HeaderLayout;
import org.tenantio.importer.row.MappingVersion;

/** What every stage of an import run needs to know about the run it is working on. */
public record RunContext(
        UUID runId,
        UUID tenantId,
        UUID pipelineId,
        String pipelineCode,
        String entityType,
        MappingVersion mapping,
        HeaderLayout layout,
        String defaultRegion,
        String sourceFile,
        long sizeBytes,
        boolean dryRun,
        org.tenantio.importer.row.RulePolicy rules,
        boolean failOnAnyError,
        Double maxErrorRate) {

    public RunContext {
        rules = rules == null ? org.tenantio.importer.row.RulePolicy.NONE : rules;
    }

    public String externalSystem() {
        String system = mapping.definition().externalSystem();
        return system == null || system.isBlank() ? pipelineCode : system;
    }
}
