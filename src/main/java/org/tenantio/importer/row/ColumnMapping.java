package org.tenantio.importer.row;

import java.util.List;

/**
 * One source column of a pipeline mapping: where it goes and how its value is transformed.
 *
 * @param source      header name in the file (matched case-insensitively, trimmed)
 * @param aliases     other header names accepted for the same column
 * @param field       canonical field of the entity contract
 * @param required    the header must contain the column and each row a value
 * @param transforms  applied in order: trim, lower, upper, title, date
 * @param dateFormats accepted input formats for the {@code date} transform (java.time patterns)
 */
public record ColumnMapping(
        String source,
        List<String> aliases,
        String field,
        boolean required,
        List<String> transforms,
        List<String> dateFormats) {

    public ColumnMapping {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        transforms = transforms == null ? List.of() : List.copyOf(transforms);
        dateFormats = dateFormats == null ? List.of() : List.copyOf(dateFormats);
        field = field == null ? source : field;
    }

    /** True when a header cell names this column. */
    public boolean matchesHeader(String header) {
        String h = normaliseHeader(header);
        if (normaliseHeader(source).equals(h)) {
            return true;
        }
        return aliases.stream().anyMatch(a -> normaliseHeader(a).equals(h));
    }

    static String normaliseHeader(String header) {
        return header == null ? "" : header.strip().toLowerCase(java.util.Locale.ROOT);
    }
}
