package org.tenantio.importer.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Which fields of a core record changed after a moment, and which run (or steward action)
 * changed each last, read from change_log's before-images: the check an undo or a late
 * correction makes before it would put older values back over newer ones.
 */
@Component
public class RecordChanges {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public RecordChanges(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A field's later change: by a run, or (runId null) by a steward's merge or undo. */
    public record FieldChange(String field, UUID runId, String operation, OffsetDateTime at) {

        /** One entry of a refusal's details. */
        public Map<String, Object> detail() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("field", field);
            d.put("message", "changed " + (runId == null ? "by a steward's " + operation : "by run " + runId) + " at " + at);
            if (runId != null) {
                d.put("changedByRun", runId.toString());
            }
            d.put("changedAt", at.toString());
            return d;
        }
    }

    private record Change(UUID runId, String operation, Map<String, Object> before, OffsetDateTime at) {
    }

    /**
     * The record's fields changed by changes logged after {@code after} (not rolled back since),
     * other than those of {@code exceptRun}, each with the last change that made it differ.
     * Call it under the lock that keeps writers of the record out.
     */
    public List<FieldChange> since(UUID tenantId, UUID recordId, OffsetDateTime after, UUID exceptRun) {
        List<Change> changes = jdbc.query("""
                SELECT run_id, operation, before, created_at FROM change_log
                 WHERE tenant_id = ? AND core_id = ? AND created_at > ? AND reverted_at IS NULL
                 ORDER BY id""", (rs, i) -> new Change(rs.getObject(1, UUID.class), rs.getString(2),
                        attributes(rs.getString(2), rs.getString(3)), rs.getObject(4, OffsetDateTime.class)),
                tenantId, recordId, after);
        Map<String, Object> current = attributes(tenantId, recordId);
        Map<String, FieldChange> byField = new LinkedHashMap<>();
        for (int i = 0; i < changes.size(); i++) {
            Change c = changes.get(i);
            Map<String, Object> before = c.before();
            Map<String, Object> afterIt = i + 1 < changes.size() && changes.get(i + 1).before() != null
                    ? changes.get(i + 1).before() : (i + 1 == changes.size() ? current : null);
            if (before == null || afterIt == null || Objects.equals(c.runId(), exceptRun) && exceptRun != null) {
                continue;
            }
            for (String field : union(before, afterIt)) {
                if (!Objects.equals(before.get(field), afterIt.get(field))) {
                    byField.put(field, new FieldChange(field, c.runId(), c.operation(), c.at()));
                }
            }
        }
        return new ArrayList<>(byField.values());
    }

    /** The record's attributes as they are now (empty if it does not exist). */
    public Map<String, Object> attributes(UUID tenantId, UUID recordId) {
        return jdbc.queryForList("SELECT attributes::text FROM core_records WHERE tenant_id = ? AND id = ?",
                String.class, tenantId, recordId).stream().findFirst().map(this::read).orElse(Map.of());
    }

    private static List<String> union(Map<String, Object> a, Map<String, Object> b) {
        List<String> fields = new ArrayList<>(a.keySet());
        b.keySet().stream().filter(k -> !a.containsKey(k)).forEach(fields::add);
        return fields;
    }

    /** The attributes a change found; an insert found none; null when the change kept no before-image. */
    private Map<String, Object> attributes(String operation, String before) {
        if ("insert".equals(operation)) {
            return Map.of();
        }
        if (before == null) {
            return null;
        }
        Object attributes = read(before).get("attributes");
        return attributes instanceof Map<?, ?> m ? json.convertValue(m, MAP) : Map.of();
    }

    private Map<String, Object> read(String text) {
        try {
            return json.readValue(personal.open(text), MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored change cannot be read", e);
        }
    }

    /** Stored personal values are decrypted here (crypto.PersonalData; docs/operations.md "Encryption"). */
    private org.tenantio.importer.crypto.PersonalData personal;

    @org.springframework.beans.factory.annotation.Autowired
    void personalData(org.tenantio.importer.crypto.PersonalData personal) {
        this.personal = personal;
    }
}
