package org.tenantio.importer.mapping;

import org.tenantio.importer.row.ColumnMapping;

import org.tenantio.importer.row.MappingDefinition;

import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.tenantio.importer.row.Violation;
import org.tenantio.importer.row.RowChunk;
import org.tenantio.importer.row.RowState;

/**
 * The map stage: turns each row's source columns into canonical fields with the mapping's
 * transforms and defaults. A blank value counts as absent; a required field left absent is REQ-002.
 */
@Component("rowMapper")
public class RowMapper {

    public RowChunk map(RowChunk chunk) {
        MappingDefinition mapping = chunk.context().mapping().definition();
        Map<ColumnMapping, Integer> positions = chunk.context().layout().positions();
        for (RowState row : chunk.rows()) {
            if (!row.quarantined()) {
                mapRow(row, mapping, positions);
            }
        }
        return chunk;
    }

    private static void mapRow(RowState row, MappingDefinition mapping, Map<ColumnMapping, Integer> positions) {
        List<String> values = row.values();
        positions.forEach((column, index) -> {
            String value = ValueTransforms.apply(column, values.get(index));
            if (value != null && !value.isBlank()) {
                row.fields().put(column.field(), value);
            }
        });
        mapping.defaults().forEach(row.fields()::putIfAbsent);
        for (ColumnMapping column : positions.keySet()) {
            if (column.required() && !row.fields().containsKey(column.field())) {
                row.violations().add(Violation.error("REQ-002", column.field(), null,
                        "Required field '" + column.field() + "' is empty",
                        "Fill in column '" + column.source() + "'"));
            }
        }
        if (mapping.externalIdField() != null) {
            row.externalId(row.fields().remove(mapping.externalIdField()));
        }
    }
}
