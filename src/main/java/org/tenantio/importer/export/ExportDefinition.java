package org.tenantio.importer.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.tenantio.importer.delivery.Destination;

/**
 * An export pipeline's definition, validated: the entity, the fields with their output column
 * names, filters, optional aggregation, the format, the fields it may show unmasked, its
 * schedule and destinations.
 */
public record ExportDefinition(
        UUID tenantId,
        UUID pipelineId,
        String code,
        String status,
        String entity,
        String format,
        List<Column> columns,
        List<Filter> filters,
        Aggregate aggregate,
        Set<String> authorisedFields,
        String schedule,
        List<Destination> destinations) {

    /** A field of the record (or {@code id}, the core record's id) and its column name in the file. */
    public record Column(String field, String column) {
    }

    /** op: eq, ne, in, present, absent. */
    public record Filter(String field, String op, Object value) {
    }

    /** Group-by fields with a row count and sums of numeric fields per group. */
    public record Aggregate(List<String> groupBy, String count, List<Column> sums) {
    }

    public boolean scheduled() {
        return "active".equals(status) && schedule != null && !schedule.isBlank();
    }

    /** The file's header row. */
    public List<String> header() {
        if (aggregate == null) {
            return columns.stream().map(Column::column).toList();
        }
        List<String> header = new ArrayList<>();
        aggregate.groupBy().forEach(f -> header.add(columnOf(f)));
        header.add(aggregate.count());
        aggregate.sums().forEach(s -> header.add(s.column()));
        return header;
    }

    /** The fields behind the file's columns, in order; count and sum columns have none (null). */
    public List<String> fieldsInOrder() {
        if (aggregate == null) {
            return columns.stream().map(Column::field).toList();
        }
        List<String> fields = new ArrayList<>(aggregate.groupBy());
        for (int i = 0; i <= aggregate.sums().size(); i++) {
            fields.add(null);
        }
        return fields;
    }

    private String columnOf(String field) {
        return columns.stream().filter(c -> c.field().equals(field)).map(Column::column).findFirst().orElse(field);
    }
}
