package org.tenantio.importer.privacy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.tenantio.importer.system.CellSanitiser;

/** The access log: one entry per read of personal data, and the admins' view of it. */
@Component
public class AccessLog {

    private static final String COLUMNS = "SELECT id, created_at, actor, actor_role, kind, path, query, record_ids, returned,"
            + " request_id FROM access_log";
    private static final String[] CSV_HEADER = {"id", "time", "actor", "role", "kind", "path", "query", "records", "returned",
        "request_id"};
    /** A list returns at most a page (1000); more ids than this are counted, not listed. */
    static final int MAX_IDS = 1000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public AccessLog(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    public record Read(UUID tenantId, String actor, String actorRole, String kind, String path, String query,
                       List<String> recordIds, Integer returned, String requestId) {
    }

    public record Entry(long id, OffsetDateTime time, String actor, String role, String kind, String path, String query,
                        List<String> records, Integer returned, String requestId) {
    }

    /** Filters of the listing; every one optional. */
    public record Filter(String actor, String kind, String recordId, OffsetDateTime from, OffsetDateTime to) {
        String where(UUID tenantId, List<Object> params) {
            StringBuilder sql = new StringBuilder(" WHERE tenant_id = ?");
            params.add(tenantId);
            if (actor != null) {
                sql.append(" AND actor = ?");
                params.add(actor);
            }
            if (kind != null) {
                sql.append(" AND kind = ?");
                params.add(kind);
            }
            if (recordId != null) {
                sql.append(" AND ? = ANY (record_ids)");
                params.add(recordId);
            }
            if (from != null) {
                sql.append(" AND created_at >= ?");
                params.add(Timestamp.from(from.toInstant()));
            }
            if (to != null) {
                sql.append(" AND created_at < ?");
                params.add(Timestamp.from(to.toInstant()));
            }
            return sql.toString();
        }
    }

    public void record(Read read) {
        List<String> ids = read.recordIds() == null ? null
                : read.recordIds().subList(0, Math.min(MAX_IDS, read.recordIds().size()));
        jdbc.update("""
                INSERT INTO access_log (tenant_id, actor, actor_role, kind, path, query, record_ids, returned, request_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""", ps -> {
            ps.setObject(1, read.tenantId());
            ps.setString(2, read.actor());
            ps.setString(3, read.actorRole());
            ps.setString(4, read.kind());
            ps.setString(5, read.path());
            ps.setString(6, read.query());
            ps.setArray(7, ids == null ? null : ps.getConnection().createArrayOf("text", ids.toArray()));
            ps.setObject(8, read.returned());
            ps.setString(9, read.requestId());
        });
    }

    /** An export run read this many records for its file: logged as the run's starter (a key, or the schedule). */
    public void exported(UUID tenantId, String actor, UUID runId, String pipelineCode, long rows) {
        record(new Read(tenantId, actor, null, "records.export", "export:" + pipelineCode, "run=" + runId, null,
                (int) Math.min(Integer.MAX_VALUE, rows), null));
    }

    public long count(UUID tenantId, Filter filter) {
        List<Object> params = new ArrayList<>();
        Long n = jdbc.queryForObject("SELECT count(*) FROM access_log" + filter.where(tenantId, params), Long.class,
                params.toArray());
        return n == null ? 0 : n;
    }

    /** Newest first. */
    public List<Entry> list(UUID tenantId, Filter filter, int limit, long offset) {
        List<Object> params = new ArrayList<>();
        String where = filter.where(tenantId, params);
        params.add(limit);
        params.add(offset);
        return jdbc.query(COLUMNS + where + " ORDER BY id DESC LIMIT ? OFFSET ?", AccessLog::entry, params.toArray());
    }

    /** All of it, oldest first, as CSV with cells safe to open in a spreadsheet. */
    public void exportCsv(UUID tenantId, Filter filter, Writer out) throws IOException {
        List<Object> params = new ArrayList<>();
        String where = filter.where(tenantId, params);
        CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(CSV_HEADER).get());
        try {
            tx.executeWithoutResult(status -> jdbc.query(COLUMNS + where + " ORDER BY id", rs -> {
                Entry e = entry(rs, 0);
                try {
                    csv.printRecord(Arrays.stream(new Object[] {e.id(), e.time(), e.actor(), e.role(), e.kind(), e.path(),
                        e.query(), e.records() == null ? null : String.join(" ", e.records()), e.returned(), e.requestId()})
                            .map(v -> CellSanitiser.sanitise(v == null ? "" : v.toString())).toList());
                } catch (IOException io) {
                    throw new UncheckedIOException(io);
                }
            }, params.toArray()));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        csv.flush();
    }

    private static Entry entry(ResultSet rs, int i) throws SQLException {
        Array ids = rs.getArray("record_ids");
        return new Entry(rs.getLong("id"), rs.getObject("created_at", OffsetDateTime.class), rs.getString("actor"),
                rs.getString("actor_role"), rs.getString("kind"), rs.getString("path"), rs.getString("query"),
                ids == null ? null : List.of((String[]) ids.getArray()), (Integer) rs.getObject("returned"),
                rs.getString("request_id"));
    }
}
