package org.tenantio.importer.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.quartz.CronExpression;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.tenantio.importer.mapping.MappingRepository;
import org.tenantio.importer.delivery.DeliveryAllowlist;
import org.tenantio.importer.delivery.Destination;
import org.tenantio.importer.delivery.Secrets;
import org.tenantio.importer.row.EntityContract;
import org.tenantio.importer.quality.EntityContracts;

/**
 * Reads export pipelines (options, schedule and destinations columns of {@code pipelines}) and
 * validates them; each distinct definition gets a version in {@code mapping_versions}, like an
 * import pipeline's mapping, so a run records exactly which definition produced its file.
 */
@Component
public class ExportDefinitions {

    public static final Set<String> FORMATS = Set.of("csv", "xlsx");
    static final Set<String> OPS = Set.of("eq", "ne", "in", "present", "absent");
    private static final Set<String> NUMERIC = Set.of("integer", "number");

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final EntityContracts contracts;
    private final DeliveryAllowlist allowlist;
    private final Secrets secrets;
    private final MappingRepository mappings;

    public ExportDefinitions(JdbcTemplate jdbc, ObjectMapper json, EntityContracts contracts, DeliveryAllowlist allowlist,
                             Secrets secrets, MappingRepository mappings) {
        this.mappings = mappings;
        this.jdbc = jdbc;
        this.json = json;
        this.contracts = contracts;
        this.allowlist = allowlist;
        this.secrets = secrets;
    }

    /** The stored export pipeline, parsed; empty when there is no such export pipeline. */
    public Optional<Stored> find(UUID tenantId, UUID pipelineId) {
        return jdbc.query("""
                SELECT code, status, formats[1] AS format, target_type, schedule, destinations::text, options::text
                  FROM pipelines WHERE tenant_id = ? AND id = ? AND direction = 'export' AND deleted_at IS NULL""",
                (rs, i) -> new Stored(tenantId, pipelineId, rs.getString("code"), rs.getString("status"),
                        rs.getString("format"), rs.getString("target_type"), rs.getString("schedule"),
                        read(rs.getString("destinations")), read(rs.getString("options"))),
                tenantId, pipelineId).stream().findFirst();
    }

    /** Every active export pipeline with a schedule, across tenants: for the schedules at start-up. */
    public List<UUID[]> scheduled() {
        return jdbc.query("""
                SELECT tenant_id, id FROM pipelines
                 WHERE direction = 'export' AND status = 'active' AND schedule IS NOT NULL AND deleted_at IS NULL""",
                (rs, i) -> new UUID[] {rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)});
    }

    /** The definition as a pipeline row holds it, before validation. */
    public record Stored(UUID tenantId, UUID pipelineId, String code, String status, String format, String entity,
                         String schedule, Object destinations, Object options) {
    }

    /** Validates a definition; throws {@link ExportDefinitionException} listing every problem. */
    public ExportDefinition parse(Stored s) {
        List<Map<String, String>> problems = new ArrayList<>();
        ExportDefinition d = parse(s, problems);
        if (!problems.isEmpty()) {
            throw new ExportDefinitionException(s.code(), problems);
        }
        return d;
    }

    /**
     * The problems of a definition (field path and message each), for whoever stores one: the
     * pipeline API answers 400 with these as details.
     */
    public List<Map<String, String>> problems(String entity, String format, String schedule, Object destinations,
                                              Map<String, Object> options) {
        List<Map<String, String>> problems = new ArrayList<>();
        parse(new Stored(null, null, null, null, format, entity, schedule, destinations, options), problems);
        return problems;
    }

    private ExportDefinition parse(Stored s, List<Map<String, String>> problems) {
        Map<String, Object> options = s.options() instanceof Map<?, ?> m ? cast(m) : Map.of();
        EntityContract contract = contracts.find(s.entity()).orElse(null);
        if (contract == null) {
            problems.add(Destination.problem("targetType", "no entity contract for '" + s.entity() + "'"));
        }
        Set<String> known = new HashSet<>(contract == null ? Set.of() : contract.fields().keySet());
        known.add("id");
        if (!FORMATS.contains(s.format())) {
            problems.add(Destination.problem("formats", "an export writes csv or xlsx"));
        }
        List<ExportDefinition.Column> columns = columns(options.get("fields"), "fields", known, problems);
        if (columns.isEmpty()) {
            problems.add(Destination.problem("options.fields", "name at least one field to export"));
        }
        List<ExportDefinition.Filter> filters = filters(options.get("filters"), known, problems);
        ExportDefinition.Aggregate aggregate = aggregate(options.get("aggregate"), known, contract, problems);
        Set<String> authorised = new LinkedHashSet<>();
        if (options.get("authorisedFields") instanceof List<?> list) {
            list.forEach(f -> {
                if (!known.contains(String.valueOf(f))) {
                    problems.add(Destination.problem("options.authorisedFields", "unknown field '" + f + "'"));
                }
                authorised.add(String.valueOf(f));
            });
        }
        if (s.schedule() != null && !s.schedule().isBlank() && !CronExpression.isValidExpression(s.schedule())) {
            problems.add(Destination.problem("schedule", "not a Quartz cron expression, e.g. '0 0 2 * * ?' (02:00 daily)"));
        }
        List<Destination> destinations = Destination.parse(s.destinations(), allowlist, secrets, problems);
        return new ExportDefinition(s.tenantId(), s.pipelineId(), s.code(), s.status(), s.entity(), s.format(), columns,
                filters, aggregate, authorised, s.schedule() == null || s.schedule().isBlank() ? null : s.schedule(),
                destinations);
    }

    private static List<ExportDefinition.Column> columns(Object raw, String at, Set<String> known,
                                                         List<Map<String, String>> problems) {
        List<ExportDefinition.Column> columns = new ArrayList<>();
        Set<String> names = new HashSet<>();
        if (raw != null && !(raw instanceof List<?>)) {
            problems.add(Destination.problem("options." + at, "must be a list of {field, column}"));
            return columns;
        }
        List<?> list = raw == null ? List.of() : (List<?>) raw;
        for (int i = 0; i < list.size(); i++) {
            String path = "options." + at + "[" + i + "]";
            Map<String, Object> c = list.get(i) instanceof Map<?, ?> m ? cast(m) : Map.of("field", String.valueOf(list.get(i)));
            String field = c.get("field") == null ? null : c.get("field").toString();
            String column = c.get("column") == null ? field : c.get("column").toString();
            if (field == null || !known.contains(field)) {
                problems.add(Destination.problem(path + ".field", "unknown field '" + field + "'"));
            } else if (column.isBlank() || !names.add(column)) {
                problems.add(Destination.problem(path + ".column", "column names must be present and distinct"));
            }
            columns.add(new ExportDefinition.Column(field, column));
        }
        return columns;
    }

    private static List<ExportDefinition.Filter> filters(Object raw, Set<String> known, List<Map<String, String>> problems) {
        List<ExportDefinition.Filter> filters = new ArrayList<>();
        List<?> list = raw instanceof List<?> l ? l : List.of();
        for (int i = 0; i < list.size(); i++) {
            String path = "options.filters[" + i + "]";
            Map<String, Object> f = list.get(i) instanceof Map<?, ?> m ? cast(m) : Map.of();
            String field = String.valueOf(f.get("field"));
            String op = String.valueOf(f.getOrDefault("op", "eq"));
            Object value = f.get("value");
            if (!known.contains(field) || "id".equals(field)) {
                problems.add(Destination.problem(path + ".field", "unknown field '" + field + "'"));
            }
            if (!OPS.contains(op)) {
                problems.add(Destination.problem(path + ".op", "must be one of " + OPS));
            } else if (("in".equals(op) && !(value instanceof List<?>))
                    || (Set.of("eq", "ne").contains(op) && (value == null || value instanceof Map || value instanceof List))) {
                problems.add(Destination.problem(path + ".value", "eq and ne take one value, in takes a list"));
            }
            filters.add(new ExportDefinition.Filter(field, op, value));
        }
        return filters;
    }

    private static ExportDefinition.Aggregate aggregate(Object raw, Set<String> known, EntityContract contract,
                                                        List<Map<String, String>> problems) {
        if (!(raw instanceof Map<?, ?> m)) {
            return null;
        }
        Map<String, Object> a = cast(m);
        List<String> groupBy = a.get("groupBy") instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
        if (groupBy.isEmpty() || !known.containsAll(groupBy)) {
            problems.add(Destination.problem("options.aggregate.groupBy", "name one or more known fields"));
        }
        List<ExportDefinition.Column> sums = columns(a.get("sums"), "aggregate.sums", known, problems);
        for (ExportDefinition.Column s : sums) {
            EntityContract.Field f = contract == null ? null : contract.fields().get(s.field());
            if (f != null && !NUMERIC.contains(f.type())) {
                problems.add(Destination.problem("options.aggregate.sums", "'" + s.field() + "' is not numeric"));
            }
        }
        String count = a.get("count") == null ? "count" : a.get("count").toString();
        return new ExportDefinition.Aggregate(groupBy, count, sums);
    }

    /** The definition's version: a new one for each distinct content, as for import mappings. */
    public int version(ExportDefinition d) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("entity", d.entity());
        content.put("format", d.format());
        content.put("columns", d.columns());
        content.put("filters", d.filters());
        content.put("aggregate", d.aggregate());
        content.put("authorisedFields", d.authorisedFields());
        content.put("schedule", d.schedule());
        content.put("destinations", d.destinations());
        return mappings.recordVersion(d.tenantId(), d.pipelineId(), write(content));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    private Object read(String text) {
        try {
            return text == null ? null : json.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored pipeline JSON cannot be read", e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Export definition cannot be written", e);
        }
    }
}
