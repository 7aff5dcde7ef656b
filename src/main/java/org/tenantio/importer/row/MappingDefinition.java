package org.tenantio.importer.row;

import java.util.List;
import java.util.Map;

/**
 * A pipeline's column mapping, read from {@code mappings/{tenant}/{pipeline}.yaml}.
 *
 * @param entity          canonical entity type the rows become (person, ...)
 * @param externalSystem  name of the source system; with the external id it keys the upsert
 * @param externalIdField canonical field that holds the source system's id, if any
 * @param columns         the mapped source columns
 * @param defaults        values for canonical fields the row leaves empty
 */
public record MappingDefinition(
        String entity,
        String externalSystem,
        String externalIdField,
        List<ColumnMapping> columns,
        Map<String, String> defaults) {

    public MappingDefinition {
        columns = columns == null ? List.of() : List.copyOf(columns);
        defaults = defaults == null ? Map.of() : Map.copyOf(defaults);
    }

    /** Whether a row mapped by this can carry the field at all: a column maps to it or a default gives it. */
    public boolean gives(String field) {
        return defaults.containsKey(field) || columns.stream().anyMatch(c -> field.equals(c.field()));
    }
}
