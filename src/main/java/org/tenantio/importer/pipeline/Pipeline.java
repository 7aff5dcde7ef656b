package org.tenantio.importer.pipeline;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A tenant's pipeline definition as stored. */
public record Pipeline(
        UUID id,
        UUID tenantId,
        String code,
        String name,
        String direction,
        List<String> formats,
        String targetType,
        String mappingRef,
        String status,
        Map<String, Object> options) {

    public boolean isImport() {
        return "import".equals(direction);
    }

    public boolean acceptsRuns() {
        return "active".equals(status);
    }

    public String defaultPhoneRegion() {
        Object region = options.get("defaultPhoneRegion");
        return region == null ? null : region.toString();
    }

    public boolean dryRunByDefault() {
        return Boolean.TRUE.equals(options.get("dryRun"));
    }
}
