package org.tenantio.importer.identity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Everything that touched one core record, oldest first: each change a run or a steward made
 * (change_log, with before and after), and each merge it took part in (merge_log), with its undo.
 */
@Component
public class RecordHistory {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public RecordHistory(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * One event: {@code kind} is insert, update, delete, merge or unmerge for a change (with the
     * run that made it, if any), or merged / merged_into for a merge this record survived or was
     * merged into another by.
     */
    public record Event(OffsetDateTime at, String kind, UUID runId, String pipeline, Object before, Object after,
                        Long mergeId, UUID otherRecordId, String actor, OffsetDateTime undoneAt, OffsetDateTime revertedAt) {
    }

    public List<Event> of(UUID tenantId, UUID recordId) {
        List<Event> events = new ArrayList<>(jdbc.query("""
                SELECT l.created_at, l.operation, l.run_id, p.code, l.before::text, l.after::text, l.reverted_at
                  FROM change_log l
                  LEFT JOIN runs r ON r.id = l.run_id AND r.tenant_id = l.tenant_id
                  LEFT JOIN pipelines p ON p.id = r.pipeline_id AND p.tenant_id = r.tenant_id
                 WHERE l.tenant_id = ? AND l.core_id = ? ORDER BY l.id""",
                (rs, i) -> new Event(rs.getObject(1, OffsetDateTime.class), rs.getString(2), rs.getObject(3, UUID.class),
                        rs.getString(4), read(rs.getString(5)), read(rs.getString(6)), null, null, null, null,
                        rs.getObject(7, OffsetDateTime.class)),
                tenantId, recordId));
        events.addAll(jdbc.query("""
                SELECT m.created_at, CASE WHEN m.survivor_id = ? THEN 'merged' ELSE 'merged_into' END, m.run_id, p.code,
                       m.id, CASE WHEN m.survivor_id = ? THEN m.merged_id ELSE m.survivor_id END, m.actor, m.undone_at
                  FROM merge_log m
                  LEFT JOIN runs r ON r.id = m.run_id AND r.tenant_id = m.tenant_id
                  LEFT JOIN pipelines p ON p.id = r.pipeline_id AND p.tenant_id = r.tenant_id
                 WHERE m.tenant_id = ? AND (m.survivor_id = ? OR m.merged_id = ?) ORDER BY m.id""",
                (rs, i) -> new Event(rs.getObject(1, OffsetDateTime.class), rs.getString(2), rs.getObject(3, UUID.class),
                        rs.getString(4), null, null, rs.getLong(5), rs.getObject(6, UUID.class), rs.getString(7),
                        rs.getObject(8, OffsetDateTime.class), null),
                recordId, recordId, tenantId, recordId, recordId));
        events.sort(Comparator.comparing(Event::at));
        return events;
    }

    private Object read(String text) {
        try {
            return text == null ? null : json.readValue(personal.open(text), Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored change JSON cannot be read", e);
        }
    }

    /** Stored personal values are decrypted here (crypto.PersonalData; docs/operations.md "Encryption"). */
    private org.tenantio.importer.crypto.PersonalData personal;

    @org.springframework.beans.factory.annotation.Autowired
    void personalData(org.tenantio.importer.crypto.PersonalData personal) {
        this.personal = personal;
    }
}
