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
import org.tenantio.importer.crypto.PersonalData;

/**
 * Streams the records an export selects, as text cells, through a server-side cursor (PostgreSQL
 * only streams with a fetch size inside a transaction). Withdrawn consent and merged-away records
 * are excluded in SQL, so they reach neither rows nor aggregate counts and sums.
 */
@Component
public class ExportQuery {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate readOnly;
    private final PersonalData personal;

    public ExportQuery(DataSource dataSource, PlatformTransactionManager transactions, ExportProperties properties,
                       PersonalData personal) {
        this.personal = personal;
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
                cells.add(personal.openValue(text(rs, i)));
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

    private String rows(ExportDefinition d, List<Object> params) {
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < d.columns().size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(field(d.columns().get(i).field(), params));
        }
        sql.append(" FROM core_records r");
        where(d, sql, params);
        return sql.append(" ORDER BY r.created_at, r.id").toString();
    }

    private String aggregate(ExportDefinition d, List<Object> params) {
        StringBuilder sql = new StringBuilder("SELECT ");
        List<String> groupBy = d.aggregate().groupBy();
        java.util.Set<String> encrypted = personal.encryptedFields(d.entity());
        StringBuilder groups = new StringBuilder(" GROUP BY ");
        List<Object> groupParams = new ArrayList<>();
        for (int i = 0; i < groupBy.size(); i++) {
            String g = groupBy.get(i);
            groups.append(i == 0 ? "" : ", ");
            if (PersonalData.covers(encrypted, g)) {
                // A sealed field groups by its keyed hash; the cell shows one of the group's values.
                sql.append("(array_agg(r.attributes ->> ?))[1], ");
                params.add(g);
                groups.append("r.attributes ->> ?");
                groupParams.add(g + PersonalData.HASH_SUFFIX);
            } else {
                sql.append(field(g, params)).append(", ");
                groups.append(i + 1);
            }
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
        sql.append(groups);
        params.addAll(groupParams);
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

    private void where(ExportDefinition d, StringBuilder sql, List<Object> params) {
        sql.append(" WHERE r.tenant_id = ? AND r.entity_type = ? AND r.merged_into IS NULL"
                + " AND r.consent_state <> 'withdrawn' AND r.erased_at IS NULL");
        params.add(d.tenantId());
        params.add(d.entity());
        java.util.Set<String> encrypted = personal.encryptedFields(d.entity());
        for (ExportDefinition.Filter f : d.filters()) {
            // A sealed field is compared by its keyed hash (trimmed, case-insensitive), not its text.
            boolean sealed = PersonalData.covers(encrypted, f.field()) && !java.util.Set.of("present", "absent").contains(f.op());
            java.util.function.UnaryOperator<String> operand = sealed
                    ? v -> personal.lookup(d.tenantId(), f.field(), v) : v -> v;
            params.add(sealed ? f.field() + PersonalData.HASH_SUFFIX : f.field());
            switch (f.op()) {
                case "eq" -> sql.append(" AND r.attributes ->> ? = ?");
                case "ne" -> sql.append(" AND r.attributes ->> ? IS DISTINCT FROM ?");
                case "in" -> sql.append(" AND r.attributes ->> ? = ANY (?)");
                case "present" -> sql.append(" AND COALESCE(r.attributes ->> ?, '') <> ''");
                default -> sql.append(" AND COALESCE(r.attributes ->> ?, '') = ''");
            }
            if (f.value() instanceof List<?> values) {
                params.add(values.stream().map(String::valueOf).map(operand).toArray(String[]::new));
            } else if (java.util.Set.of("eq", "ne").contains(f.op())) {
                params.add(operand.apply(String.valueOf(f.value())));
            }
        }
    }
}
