package org.tenantio.importer.crypto;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Re-seals stored values under the current key, one batch of one table per transaction: every
 * place that holds sealed copies of a person's values (docs/operations.md, "Encryption"). A batch
 * locks its rows with SKIP LOCKED, so it never waits on an import's row and an import waits on it
 * for one batch at most; a row skipped or written meanwhile under an old key is found by the next pass.
 */
@Component
public class Reencryption {

    /** A table with sealed columns: its key columns (for keyset paging) and the sealed ones with their SQL types. */
    record Place(String table, List<String> key, Map<String, String> columns) {
    }

    static final List<Place> PLACES = List.of(
            new Place("core_records", List.of("id"), Map.of("attributes", "jsonb")),
            new Place("staging_rows", List.of("run_id", "row_number"), ordered("raw", "json", "normalized", "json")),
            new Place("dq_violations", List.of("id"), Map.of("value", "text")),
            new Place("change_log", List.of("id"), ordered("before", "jsonb", "after", "jsonb")),
            new Place("merge_log", List.of("id"), ordered("before_images", "jsonb", "features", "jsonb")),
            new Place("dedupe_suggestions", List.of("id"), Map.of("features", "jsonb")));

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final PersonalData personal;

    public Reencryption(JdbcTemplate jdbc, TransactionTemplate tx, PersonalData personal) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.personal = personal;
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    /** The tables re-sealed, in order. */
    public static List<String> tables() {
        return PLACES.stream().map(Place::table).toList();
    }

    /** What one batch did: rows re-sealed, and the keyset position it ended at (null: nothing left after it). */
    public record Batch(int resealed, List<Object> last) {
    }

    /**
     * Re-seals up to {@code size} rows of the table holding a value under a key other than
     * {@code current}, after the keyset position {@code after} (null: from the start).
     */
    public Batch batch(String table, int current, List<Object> after, int size) {
        Place place = PLACES.stream().filter(p -> p.table().equals(table)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a sealed table: " + table));
        String key = String.join(", ", place.key());
        String oldKey = "'" + PersonalData.PREFIX + "(?!" + current + ":)'";
        List<String> cols = new ArrayList<>(place.columns().keySet());
        StringBuilder sql = new StringBuilder("SELECT ").append(key);
        cols.forEach(c -> sql.append(", ").append(c).append("::text"));
        sql.append(" FROM ").append(table).append(" WHERE (");
        for (int i = 0; i < cols.size(); i++) {
            sql.append(i == 0 ? "" : " OR ").append(cols.get(i)).append("::text ~ ").append(oldKey);
        }
        sql.append(")");
        List<Object> args = new ArrayList<>();
        if (after != null) {
            sql.append(" AND (").append(key).append(") > (").append("?, ".repeat(place.key().size() - 1)).append("?)");
            args.addAll(after);
        }
        sql.append(" ORDER BY ").append(key).append(" LIMIT ? FOR UPDATE SKIP LOCKED");
        args.add(size);
        Batch done = tx.execute(status -> {
            List<Object[]> rows = jdbc.query(sql.toString(), (rs, n) -> {
                Object[] row = new Object[place.key().size() + cols.size()];
                for (int i = 0; i < row.length; i++) {
                    row[i] = rs.getObject(i + 1);
                }
                return row;
            }, args.toArray());
            StringBuilder update = new StringBuilder("UPDATE ").append(table).append(" SET ");
            for (int i = 0; i < cols.size(); i++) {
                update.append(i == 0 ? "" : ", ").append(cols.get(i)).append(" = ?::").append(place.columns().get(cols.get(i)));
            }
            update.append(" WHERE (").append(key).append(") = (").append("?, ".repeat(place.key().size() - 1)).append("?)");
            List<Object[]> batchArgs = new ArrayList<>();
            for (Object[] row : rows) {
                Object[] a = new Object[cols.size() + place.key().size()];
                for (int i = 0; i < cols.size(); i++) {
                    String stored = (String) row[place.key().size() + i];
                    a[i] = "text".equals(place.columns().get(cols.get(i))) ? personal.reseal(stored) : personal.resealDocument(stored);
                }
                System.arraycopy(row, 0, a, cols.size(), place.key().size());
                batchArgs.add(a);
            }
            if (!batchArgs.isEmpty()) {
                jdbc.batchUpdate(update.toString(), batchArgs);
            }
            List<Object> last = rows.isEmpty() ? null
                    : List.of(java.util.Arrays.copyOf(rows.get(rows.size() - 1), place.key().size()));
            return new Batch(rows.size(), last);
        });
        return done;
    }

    /** Rows of the table still holding a value under another key than {@code current} (locked ones included). */
    public long remaining(String table, int current) {
        Place place = PLACES.stream().filter(p -> p.table().equals(table)).findFirst().orElseThrow();
        String oldKey = "'" + PersonalData.PREFIX + "(?!" + current + ":)'";
        StringBuilder sql = new StringBuilder("SELECT count(*) FROM ").append(table).append(" WHERE ");
        List<String> cols = new ArrayList<>(place.columns().keySet());
        for (int i = 0; i < cols.size(); i++) {
            sql.append(i == 0 ? "" : " OR ").append(cols.get(i)).append("::text ~ ").append(oldKey);
        }
        Long n = jdbc.queryForObject(sql.toString(), Long.class);
        return n == null ? 0 : n;
    }
}
