package org.tenantio.importer.admin;

import org.tenantio.importer.pipeline.PipelineDefinition;
import org.tenantio.importer.pipeline.PipelineRefusal;
import org.tenantio.importer.pipeline.PipelineRepository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.quartz.CronExpression;
import org.springframework.stereotype.Component;
import org.tenantio.importer.export.ExportDefinitions;
import org.tenantio.importer.row.ColumnMapping;
import org.tenantio.importer.row.MappingDefinition;
import org.tenantio.importer.mapping.MappingException;
import org.tenantio.importer.mapping.MappingRepository;
import org.tenantio.importer.row.EntityContract;
import org.tenantio.importer.quality.EntityContracts;

/**
 * Checks a pipeline definition as a client sent it, before anything is stored, and lists every
 * problem at once (field and message) rather than stopping at the first.
 */
@Component
public class PipelineValidator {

    static final Set<String> FIELDS = Set.of("code", "name", "direction", "format", "formats", "targetType", "mappingRef",
            "mapping", "schedule", "destinations", "options");
    static final Set<String> DIRECTIONS = Set.of("import", "export");
    static final Set<String> FORMATS = Set.of("csv", "xlsx");
    static final Set<String> TARGET_TYPES = Set.of("person", "household", "case", "program", "other");
    static final Set<String> DESTINATION_TYPES = Set.of("file", "sftp", "http");
    private static final String CODE_PATTERN = "[a-z0-9][a-z0-9_-]{0,62}";

    private final PipelineRepository pipelines;
    private final MappingRepository mappings;
    private final EntityContracts contracts;
    private final ObjectMapper json;
    private final ExportDefinitions exports;

    public PipelineValidator(PipelineRepository pipelines, MappingRepository mappings, EntityContracts contracts,
                             ObjectMapper json, ExportDefinitions exports) {
        this.exports = exports;
        this.pipelines = pipelines;
        this.mappings = mappings;
        this.contracts = contracts;
        this.json = json;
    }

    /** A new pipeline: its code must be free in the tenant. */
    public PipelineDefinition forCreate(UUID tenantId, Map<String, Object> body) {
        Problems problems = new Problems();
        PipelineDefinition d = read(body, problems);
        if (d.code() != null && pipelines.findByCode(tenantId, d.code()).isPresent()) {
            problems.add("code", "a pipeline with code '" + d.code() + "' already exists");
        }
        return problems.orThrow(d);
    }

    /** A replacement definition: the code, when given, must be the pipeline's own. */
    public PipelineDefinition forUpdate(String code, Map<String, Object> body) {
        Map<String, Object> withCode = new LinkedHashMap<>(body == null ? Map.of() : body);
        Problems problems = new Problems();
        if (withCode.containsKey("code") && !code.equals(withCode.get("code"))) {
            problems.add("code", "the code cannot be changed (it names the inbox folder and the runs)");
        }
        withCode.put("code", code);
        return problems.orThrow(read(withCode, problems));
    }

    private PipelineDefinition read(Map<String, Object> body, Problems problems) {
        if (body == null) {
            body = Map.of();
        }
        for (String key : body.keySet()) {
            if (!FIELDS.contains(key)) {
                problems.add(key, "unknown field (known: " + String.join(", ", FIELDS.stream().sorted().toList()) + ")");
            }
        }
        String code = text(body, "code", problems);
        if (code == null) {
            problems.add("code", "required");
        } else if (!code.matches(CODE_PATTERN)) {
            problems.add("code", "lower-case letters, digits, '-' and '_', at most 63, starting with a letter or digit");
        }
        String name = text(body, "name", problems);
        if (name == null || name.isBlank()) {
            problems.add("name", "required");
        }
        String direction = oneOf(body, "direction", DIRECTIONS, problems);
        String targetType = oneOf(body, "targetType", TARGET_TYPES, problems);
        List<String> formats = formats(body, direction, problems);
        String schedule = schedule(body, direction, problems);
        List<Map<String, Object>> destinations = destinations(body, direction, problems);
        Map<String, Object> options = options(body, problems);
        String mappingRef = text(body, "mappingRef", problems);
        String inline = mapping(body, mappingRef, direction, targetType, problems);
        if ("export".equals(direction) && targetType != null && formats.size() == 1) {
            // Fields, filters, aggregation, masking authorisations, allowlisted hosts, secret references.
            problems.addNew(exports.problems(targetType, formats.get(0), schedule, destinations, options));
        }
        return new PipelineDefinition(code, name, direction, formats, targetType, mappingRef, inline, schedule,
                destinations, options);
    }

    private List<String> formats(Map<String, Object> body, String direction, Problems problems) {
        List<String> formats = new ArrayList<>();
        Object format = body.get("format");
        Object list = body.get("formats");
        if (format != null) {
            formats.add(String.valueOf(format));
        }
        if (list instanceof Collection<?> values) {
            values.forEach(v -> formats.add(String.valueOf(v)));
        } else if (list != null) {
            problems.add("formats", "must be a list such as [\"csv\", \"xlsx\"]");
        }
        if (formats.isEmpty()) {
            problems.add("format", "required: csv or xlsx");
        }
        for (String f : formats) {
            if (!FORMATS.contains(f)) {
                problems.add("format", "unknown format '" + f + "' (csv or xlsx)");
            }
        }
        if ("export".equals(direction) && formats.size() > 1) {
            problems.add("format", "an export writes one format");
        }
        return formats.stream().distinct().toList();
    }

    private String schedule(Map<String, Object> body, String direction, Problems problems) {
        String schedule = text(body, "schedule", problems);
        if (schedule == null || schedule.isBlank()) {
            return null;
        }
        if (!CronExpression.isValidExpression(schedule)) {
            problems.add("schedule", "not a valid Quartz cron expression (seconds minutes hours day-of-month month "
                    + "day-of-week [year]), e.g. '0 0 2 * * ?'");
        } else if ("import".equals(direction)) {
            problems.add("schedule", "schedules run export pipelines; imports start when a file arrives");
        }
        return schedule;
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> destinations(Map<String, Object> body, String direction, Problems problems) {
        Object value = body.get("destinations");
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            problems.add("destinations", "must be a list of destinations");
            return List.of();
        }
        List<Map<String, Object>> destinations = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> d)) {
                problems.add("destinations[" + i + "]", "must be an object with a type");
                continue;
            }
            Object type = d.get("type");
            if (!DESTINATION_TYPES.contains(String.valueOf(type))) {
                problems.add("destinations[" + i + "].type", "unknown destination type '" + type + "' (file, sftp or http)");
            }
            destinations.add((Map<String, Object>) d);
        }
        if ("import".equals(direction) && !destinations.isEmpty()) {
            problems.add("destinations", "only export pipelines deliver to destinations");
        }
        return destinations;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> options(Map<String, Object> body, Problems problems) {
        Object value = body.get("options");
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            problems.add("options", "must be an object");
            return Map.of();
        }
        Map<String, Object> options = (Map<String, Object>) map;
        Object onError = options.get("onError");
        if (onError != null && !Set.of("quarantine", "failRun").contains(String.valueOf(onError))) {
            problems.add("options.onError", "quarantine (default) or failRun");
        }
        Object rate = options.get("maxErrorRate");
        if (rate != null && !(rate instanceof Number n && n.doubleValue() >= 0 && n.doubleValue() <= 1)) {
            problems.add("options.maxErrorRate", "a number from 0 to 1");
        }
        Object dryRun = options.get("dryRun");
        if (dryRun != null && !(dryRun instanceof Boolean)) {
            problems.add("options.dryRun", "true or false");
        }
        Object region = options.get("defaultPhoneRegion");
        if (region != null && !PhoneNumberUtil.getInstance().getSupportedRegions().contains(String.valueOf(region))) {
            problems.add("options.defaultPhoneRegion", "an ISO 3166 region code such as GB or US");
        }
        Object encoding = options.get("csvEncoding");
        if (encoding != null && !Charset.isSupported(String.valueOf(encoding))) {
            problems.add("options.csvEncoding", "unknown character set '" + encoding + "'");
        }
        if (options.get("ruleModes") instanceof Map<?, ?> modes) {
            modes.forEach((rule, mode) -> {
                if (!EntityContract.MODES.contains(String.valueOf(mode))) {
                    problems.add("options.ruleModes." + rule, "enforce, warn or off");
                }
            });
        }
        return options;
    }

    /** Checks the mapping (file or inline) and returns the inline one as JSON text. */
    private String mapping(Map<String, Object> body, String mappingRef, String direction, String targetType,
                           Problems problems) {
        Object inline = body.get("mapping");
        if ("export".equals(direction)) {
            if (inline != null || mappingRef != null) {
                problems.add("mapping", "only import pipelines have a column mapping");
            }
            return null;
        }
        if ((inline == null) == (mappingRef == null)) {
            if ("import".equals(direction) || inline != null) {
                problems.add("mapping", "give either mappingRef (a file under mappings/) or an inline mapping, not both");
            }
            return null;
        }
        String text = null;
        MappingDefinition definition;
        try {
            if (inline != null) {
                text = json.writeValueAsString(inline);
                definition = MappingRepository.parseInline(text);
            } else {
                definition = mappings.definitionOf(mappingRef);
            }
        } catch (MappingException | JsonProcessingException e) {
            problems.add(inline != null ? "mapping" : "mappingRef", e.getMessage());
            return text;
        }
        checkFields(definition, targetType, problems);
        return text;
    }

    private void checkFields(MappingDefinition definition, String targetType, Problems problems) {
        if (targetType != null && !targetType.equals(definition.entity())) {
            problems.add("mapping.entity", "the mapping makes '" + definition.entity() + "' records but the pipeline's "
                    + "targetType is '" + targetType + "'");
        }
        contracts.find(definition.entity()).ifPresent(contract -> {
            Set<String> known = new HashSet<>(contract.fields().keySet());
            if (definition.externalIdField() != null) {
                known.add(definition.externalIdField());
            }
            for (ColumnMapping column : definition.columns()) {
                if (!known.contains(column.field())) {
                    problems.add("mapping.columns." + column.source(), "unknown field '" + column.field() + "' for "
                            + definition.entity() + " (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
                }
            }
            definition.defaults().keySet().stream().filter(f -> !known.contains(f)).forEach(f ->
                    problems.add("mapping.defaults." + f, "unknown field '" + f + "' for " + definition.entity()));
        });
    }

    private static String text(Map<String, Object> body, String field, Problems problems) {
        Object value = body.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            problems.add(field, "must be a string");
            return null;
        }
        return s;
    }

    private static String oneOf(Map<String, Object> body, String field, Set<String> allowed, Problems problems) {
        String value = text(body, field, problems);
        if (value == null || !allowed.contains(value)) {
            problems.add(field, (value == null ? "required: " : "unknown value '" + value + "': ")
                    + String.join(", ", allowed.stream().sorted().toList()));
            return null;
        }
        return value;
    }

    /** Problems found so far, reported together as one 400. */
    private static final class Problems {
        private final List<Map<String, String>> details = new ArrayList<>();

        void add(String field, String message) {
            details.add(Map.of("field", field, "message", message));
        }

        /** Adds problems of fields not already reported. */
        void addNew(List<Map<String, String>> more) {
            Set<String> seen = new HashSet<>();
            details.forEach(d -> seen.add(d.get("field")));
            more.stream().filter(d -> seen.stream().noneMatch(f -> d.get("field").startsWith(f))).forEach(details::add);
        }

        PipelineDefinition orThrow(PipelineDefinition definition) {
            if (!details.isEmpty()) {
                throw new PipelineRefusal(400, "invalid_pipeline", "The pipeline definition has " + details.size()
                        + " problem" + (details.size() == 1 ? "" : "s"), details);
            }
            return definition;
        }
    }
}
