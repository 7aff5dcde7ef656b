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

    /** How this pipeline's files are read: csvDelimiter, csvQuote, csvEncoding, sheet, sheetIndex options. */
    public org.tenantio.importer.parse.SourceOptions sourceOptions() {
        return new org.tenantio.importer.parse.SourceOptions(firstChar("csvDelimiter"), firstChar("csvQuote"),
                options.get("csvEncoding") == null ? null : java.nio.charset.Charset.forName(options.get("csvEncoding").toString()),
                options.get("sheet") == null ? null : options.get("sheet").toString(),
                options.get("sheetIndex") instanceof Number n ? n.intValue() : null);
    }

    private Character firstChar(String option) {
        Object value = options.get(option);
        if (value == null || value.toString().isEmpty()) {
            return null;
        }
        return "\\t".equals(value.toString()) ? '\t' : value.toString().charAt(0);
    }

    /** Rule codes this pipeline does not apply (option disabledRules), e.g. REQ-001 for files without contacts. */
    public java.util.Set<String> disabledRules() {
        return options.get("disabledRules") instanceof java.util.Collection<?> codes
                ? codes.stream().map(String::valueOf).collect(java.util.stream.Collectors.toSet())
                : java.util.Set.of();
    }

    /** Per-rule modes this pipeline sets (option ruleModes): enforce, warn or off. */
    @SuppressWarnings("unchecked")
    public Map<String, String> ruleModes() {
        return options.get("ruleModes") instanceof Map<?, ?> modes ? (Map<String, String>) modes : Map.of();
    }

    public boolean dryRunByDefault() {
        return Boolean.TRUE.equals(options.get("dryRun"));
    }
}
