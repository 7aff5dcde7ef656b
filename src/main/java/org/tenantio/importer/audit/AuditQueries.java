package org.tenantio.importer.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.tenantio.importer.system.CellSanitiser;

/** Reads a tenant's audit trail: filtered pages for the API, and the whole filtered trail as CSV. */
@Component
public class AuditQueries {

    private static final String COLUMNS = """
            SELECT id, created_at, actor, actor_role, action, target_type, target_id, before::text, after::text, request_id,
                   actor_owner
              FROM audit_log""";
    private static final String[] CSV_HEADER = {"id", "time", "actor", "actor_role", "action", "target_type", "target_id",
            "before", "after", "request_id", "actor_owner"};

    private final JdbcTemplate jdbc;
    private final JdbcTemplate streaming;
    private final TransactionTemplate tx;
    private final ObjectMapper json;

    public AuditQueries(JdbcTemplate jdbc, DataSource dataSource, TransactionTemplate tx, ObjectMapper json) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.json = json;
        // PostgreSQL streams with a cursor only inside a transaction and with a fetch size.
        this.streaming = new JdbcTemplate(dataSource);
        this.streaming.setFetchSize(1000);
    }

    public List<AuditEntry> list(UUID tenantId, AuditFilter filter, int limit, long offset) {
        List<Object> params = new ArrayList<>();
        String where = filter.where(tenantId, params);
        params.add(limit);
        params.add(offset);
        return jdbc.query(COLUMNS + where + " ORDER BY id DESC LIMIT ? OFFSET ?", this::entry, params.toArray());
    }

    public long count(UUID tenantId, AuditFilter filter) {
        List<Object> params = new ArrayList<>();
        Long n = jdbc.queryForObject("SELECT count(*) FROM audit_log" + filter.where(tenantId, params), Long.class,
                params.toArray());
        return n == null ? 0 : n;
    }

    /** Every matching entry, oldest first, as CSV whose cells a spreadsheet will not run as formulas. */
    public void exportCsv(UUID tenantId, AuditFilter filter, Writer out) throws IOException {
        List<Object> params = new ArrayList<>();
        String where = filter.where(tenantId, params);
        CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(CSV_HEADER).get());
        try {
            tx.executeWithoutResult(status -> streaming.query(COLUMNS + where + " ORDER BY id", rs -> {
                try {
                    csv.printRecord(cells(rs));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, params.toArray()));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        csv.flush();
    }

    private static List<String> cells(ResultSet rs) throws SQLException {
        List<String> cells = new ArrayList<>(CSV_HEADER.length);
        for (int c = 1; c <= CSV_HEADER.length; c++) {
            Object value = c == 2 ? rs.getObject(c, OffsetDateTime.class) : rs.getObject(c);
            cells.add(CellSanitiser.sanitise(value == null ? "" : value.toString()));
        }
        return cells;
    }

    private AuditEntry entry(ResultSet rs, int i) throws SQLException {
        String actor = rs.getString("actor");
        return new AuditEntry(rs.getLong("id"), rs.getObject("created_at", OffsetDateTime.class), actor,
                actor.startsWith("key:") ? actor.substring(4) : null, rs.getString("actor_role"), rs.getString("action"),
                rs.getString("target_type"), rs.getString("target_id"), read(rs.getString("before")),
                read(rs.getString("after")), rs.getString("request_id"), rs.getString("actor_owner"));
    }

    private Object read(String text) {
        try {
            return text == null ? null : json.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored audit JSON cannot be read", e);
        }
    }

    /** One audit row as the API shows it; actorKeyId and actorOwner (the key's person or service) are set when a key acted. */
    public record AuditEntry(long id, OffsetDateTime time, String actor, String actorKeyId, String actorRole, String action,
                             String targetType, String targetId, Object before, Object after, String requestId,
                             String actorOwner) {
    }

    /** Any of: action, actor ("key:<id>", the key id alone, "platform", "system:..."), target, time bounds. */
    public record AuditFilter(String action, String actor, String targetType, String targetId, OffsetDateTime from,
                              OffsetDateTime to) {

        String where(UUID tenantId, List<Object> params) {
            StringBuilder sql = new StringBuilder(" WHERE tenant_id = ?");
            params.add(tenantId);
            add(sql, params, " AND action = ?", action);
            if (actor != null) {
                sql.append(" AND (actor = ? OR actor = ?)");
                params.add(actor);
                params.add("key:" + actor);
            }
            add(sql, params, " AND target_type = ?", targetType);
            add(sql, params, " AND target_id = ?", targetId);
            add(sql, params, " AND created_at >= ?", from);
            add(sql, params, " AND created_at < ?", to);
            return sql.toString();
        }

        private static void add(StringBuilder sql, List<Object> params, String clause, Object value) {
            if (value != null) {
                sql.append(clause);
                params.add(value);
            }
        }
    }
}
