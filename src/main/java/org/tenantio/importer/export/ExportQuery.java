package org.tenantio.importer.export;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Streams the records an export selects, as text cells, through a server-side cursor (PostgreSQL
 * only streams with a fetch size inside a transaction). Withdrawn consent and merged-away records
 * are excluded in SQL, so they reach neither rows nor aggregate counts and sums.
 */
@Component
public class ExportQuery {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate readOnly;

    public ExportQuery(DataSource dataSource, PlatformTransactionManager transactions, ExportProperties properties) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setFetchSize(properties.fetchSize());
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /** A row of text cells in the definition's column order. */
    @FunctionalInterface
    public interface RowSink {
        void accept(List<String> cells) throws Exception;
    }

    /** Calls the sink for each selected row, in a stable order; returns the number of rows. */
    public long stream(ExportDefinition d, RowSink sink) {
        List<Object> params = new ArrayList<>();
        String sql = d.aggregate() == null ? rows(d, params) : aggregate(d, params);
        long[] n = {0};
        int width = d.header().size();
        readOnly.executeWithoutResult(status -> jdbc.query(sql, (RowCallbackHandler) rs -> {
            List<String> cells = new ArrayList<>(width);
            for (int i = 1; i <= width; i++) {
                cells.add(text(rs, i));
            }
            try {
                sink.accept(cells);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("Writing export row failed", e);
            }
            n[0]++;
        }, params.toArray()));
        return n[0];
    }

    private static String text(ResultSet rs, int i) throws SQLException {
        Object v = rs.getObject(i);
        return v instanceof java.math.BigDecimal b ? b.stripTrailingZeros().toPlainString() : v == null ? null : v.toString();
    }

    private static String rows(ExportDefinition d, List<Object> params) {
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < d.columns().size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(field(d.columns().get(i).field(), params));
        }
        sql.append(" FROM core_records r");
        where(d, sql, params);
        return sql.append(" ORDER BY r.created_at, r.id").toString();
    }

    private static String aggregate(ExportDefinition d, List<Object> params) {
        StringBuilder sql = new StringBuilder("SELECT ");
        List<String> groupBy = d.aggregate().groupBy();
        for (String g : groupBy) {
            sql.append(field(g, params)).append(", ");
        }
        sql.append("count(*)");
        for (ExportDefinition.Column s : d.aggregate().sums()) {
            // Values that are not numbers count as absent rather than failing the run.
            sql.append(", sum(CASE WHEN r.attributes ->> ? ~ '^-?[0-9]+(\\.[0-9]+)?$' THEN (r.attributes ->> ?)::numeric END)");
            params.add(s.field());
            params.add(s.field());
        }
        sql.append(" FROM core_records r");
        where(d, sql, params);
        sql.append(" GROUP BY ");
        for (int i = 1; i <= groupBy.size(); i++) {
            sql.append(i == 1 ? "" : ", ").append(i);
        }
        sql.append(" ORDER BY ");
        for (int i = 1; i <= groupBy.size(); i++) {
            sql.append(i == 1 ? "" : ", ").append(i).append(" NULLS LAST");
        }
        return sql.toString();
    }

    private static String field(String field, List<Object> params) {
        if ("id".equals(field)) {
            return "r.id::text";
        }
        params.add(field);
        return "r.attributes ->> ?";
    }

    private static void where(ExportDefinition d, StringBuilder sql, List<Object> params) {
        sql.append(" WHERE r.tenant_id = ? AND r.entity_type = ? AND r.merged_into IS NULL"
                + " AND r.consent_state <> 'withdrawn' AND r.erased_at IS NULL");
        params.add(d.tenantId());
        params.add(d.entity());
        for (ExportDefinition.Filter f : d.filters()) {
            params.add(f.field());
            switch (f.op()) {
                case "eq" -> sql.append(" AND r.attributes ->> ? = ?");
                case "ne" -> sql.append(" AND r.attributes ->> ? IS DISTINCT FROM ?");
                case "in" -> sql.append(" AND r.attributes ->> ? = ANY (?)");
                case "present" -> sql.append(" AND COALESCE(r.attributes ->> ?, '') <> ''");
                default -> sql.append(" AND COALESCE(r.attributes ->> ?, '') = ''");
            }
            if (f.value() instanceof List<?> values) {
                params.add(values.stream().map(String::valueOf).toArray(String[]::new));
            } else if (java.util.Set.of("eq", "ne").contains(f.op())) {
                params.add(String.valueOf(f.value()));
            }
        }
    }
}
