package org.tenantio.importer.web.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tenantio.importer.row.ColumnMapping;
import org.tenantio.importer.row.MappingDefinition;

/**
 * A mapping changed the way the upload preview's form says: each header column to the chosen
 * field, or to none ("" = ignore). A column the mapping had keeps its aliases, transforms and
 * required flag when only its field changes; a header mapped to a field whose column this file
 * lacks becomes an alias of that column (its transforms apply); any other is a new plain column.
 */
final class MappingEdit {

    private MappingEdit() {
    }

    static Map<String, Object> apply(MappingDefinition current, List<String> headerColumns, List<String> chosenFields) {
        List<ColumnMapping> columns = new ArrayList<>(current.columns());
        for (int i = 0; i < headerColumns.size(); i++) {
            String header = headerColumns.get(i);
            String field = chosenFields.get(i) == null || chosenFields.get(i).isBlank() ? null : chosenFields.get(i).strip();
            ColumnMapping existing = columns.stream().filter(c -> c.matchesHeader(header)).findFirst().orElse(null);
            if (existing != null) {
                int at = columns.indexOf(existing);
                if (field == null) {
                    columns.remove(at);
                } else if (!field.equals(existing.field())) {
                    columns.set(at, new ColumnMapping(existing.source(), existing.aliases(), field, existing.required(),
                            existing.transforms(), existing.dateFormats()));
                }
            } else if (field != null) {
                ColumnMapping absent = columns.stream().filter(c -> c.field().equals(field)
                        && headerColumns.stream().noneMatch(c::matchesHeader)).findFirst().orElse(null);
                if (absent != null) {
                    // The field's column is not in this file: this header becomes another name for it, so
                    // files with either header map by themselves.
                    List<String> aliases = new ArrayList<>(absent.aliases());
                    aliases.add(header.strip());
                    columns.set(columns.indexOf(absent), new ColumnMapping(absent.source(), aliases, absent.field(),
                            absent.required(), absent.transforms(), absent.dateFormats()));
                } else {
                    columns.add(new ColumnMapping(header.strip(), List.of(), field, false, List.of("trim"), List.of()));
                }
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("entity", current.entity());
        if (current.externalSystem() != null) {
            body.put("externalSystem", current.externalSystem());
        }
        if (current.externalIdField() != null) {
            body.put("externalIdField", current.externalIdField());
        }
        body.put("columns", columns.stream().map(MappingEdit::column).toList());
        if (!current.defaults().isEmpty()) {
            body.put("defaults", current.defaults());
        }
        return body;
    }

    private static Map<String, Object> column(ColumnMapping c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", c.source());
        if (!c.aliases().isEmpty()) {
            m.put("aliases", c.aliases());
        }
        m.put("field", c.field());
        if (c.required()) {
            m.put("required", true);
        }
        if (!c.transforms().isEmpty()) {
            m.put("transforms", c.transforms());
        }
        if (!c.dateFormats().isEmpty()) {
            m.put("dateFormats", c.dateFormats());
        }
        return m;
    }
}
