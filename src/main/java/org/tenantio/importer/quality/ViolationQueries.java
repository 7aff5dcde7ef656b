package org.tenantio.importer.quality;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.tenantio.importer.crypto.PersonalData;
import org.tenantio.importer.system.Page;

/** Reads the quarantine, within one tenant. */
@Component
public class ViolationQueries {

    private static final String COLUMNS = """
            SELECT v.id, v.run_id, v.row_number, v.rule_code, v.severity, v.field, v.value, v.message, v.hint, v.status,
                   v.entity_type, v.category FROM dq_violations v""";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final PersonalData personal;

    public ViolationQueries(JdbcTemplate jdbc, ObjectMapper json, PersonalData personal) {
        this.jdbc = jdbc;
        this.json = json;
        this.personal = personal;
    }

    public Page<ViolationView> forRun(UUID tenantId, UUID runId, int limit, long offset) {
        return list(tenantId, new ViolationFilter(null, null, runId, null, null), limit, offset);
    }

    public Page<ViolationView> list(UUID tenantId, ViolationFilter filter, int limit, long offset) {
        List<Object> params = ViolationFilter.params();
        String where = filter.where(tenantId, params);
        Long total = jdbc.queryForObject("SELECT count(*) FROM dq_violations v" + where, Long.class, params.toArray());
        params.add(limit);
        params.add(offset);
        List<ViolationView> items = jdbc.query(COLUMNS + where + " ORDER BY v.run_id, v.row_number, v.id LIMIT ? OFFSET ?",
                this::view, params.toArray());
        return new Page<>(items, total == null ? 0 : total, limit, offset);
    }

    public Optional<ViolationView> find(UUID tenantId, long id) {
        return jdbc.query(COLUMNS + " WHERE v.tenant_id = ? AND v.id = ?", this::view, tenantId, id).stream().findFirst();
    }

    /** Every violation recorded on one row. */
    public List<ViolationView> onRow(UUID tenantId, UUID runId, long rowNumber) {
        return jdbc.query(COLUMNS + " WHERE v.tenant_id = ? AND v.run_id = ? AND v.row_number = ? ORDER BY v.id",
                this::view, tenantId, runId, rowNumber);
    }

    /** The row as read and as normalised, from staging. */
    public Optional<StagedRow> stagedRow(UUID tenantId, UUID runId, long rowNumber) {
        return jdbc.query("""
                SELECT raw::text, normalized::text, outcome, record_id FROM staging_rows
                 WHERE tenant_id = ? AND run_id = ? AND row_number = ?""",
                (rs, i) -> new StagedRow(runId, rowNumber, readMap(rs.getString(1)), readMap(rs.getString(2)),
                        rs.getString(3), rs.getObject(4, UUID.class)),
                tenantId, runId, rowNumber).stream().findFirst();
    }

    /** As {@link #stagedRow}, locked for the caller's transaction: the check-then-act of a fix holds it. */
    public Optional<StagedRow> lockStagedRow(UUID tenantId, UUID runId, long rowNumber) {
        return jdbc.query("""
                SELECT raw::text, normalized::text, outcome, record_id FROM staging_rows
                 WHERE tenant_id = ? AND run_id = ? AND row_number = ? FOR UPDATE""",
                (rs, i) -> new StagedRow(runId, rowNumber, readMap(rs.getString(1)), readMap(rs.getString(2)),
                        rs.getString(3), rs.getObject(4, UUID.class)),
                tenantId, runId, rowNumber).stream().findFirst();
    }

    /** Rows with an open violation matching the filter, for bulk actions and exports. */
    public List<RowRef> openRows(UUID tenantId, ViolationFilter filter, int max) {
        List<Object> params = ViolationFilter.params();
        String where = new ViolationFilter(filter.ruleCode(), filter.severity(), filter.runId(), "open", filter.entity())
                .where(tenantId, params);
        params.add(max);
        return jdbc.query("SELECT DISTINCT v.run_id, v.row_number FROM dq_violations v" + where
                        + " ORDER BY v.run_id, v.row_number LIMIT ?",
                (rs, i) -> new RowRef(rs.getObject(1, UUID.class), rs.getLong(2)), params.toArray());
    }

    private ViolationView view(ResultSet rs, int i) throws SQLException {
        return new ViolationView(rs.getLong(1), rs.getObject(2, UUID.class), rs.getLong(3), rs.getString(4), rs.getString(5),
                rs.getString(6), personal.openValue(rs.getString(7)), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
                rs.getString(12));
    }

    private Map<String, String> readMap(String text) {
        if (text == null) {
            return null;
        }
        try {
            // staging keeps json (not jsonb), so the keys come back in the file's column order
            return json.readValue(personal.open(text), new TypeReference<LinkedHashMap<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Staged row cannot be read", e);
        }
    }

    public record ViolationView(long id, UUID runId, long rowNumber, String ruleCode, String severity, String field,
                                String value, String message, String hint, String status, String entity, String category) {
    }

    public record StagedRow(UUID runId, long rowNumber, Map<String, String> raw, Map<String, String> normalized,
                            String outcome, UUID recordId) {
    }

    public record RowRef(UUID runId, long rowNumber) {
    }
}
