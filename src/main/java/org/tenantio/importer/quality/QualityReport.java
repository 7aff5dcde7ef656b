package org.tenantio.importer.quality;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * How good an entity's data is now: per contract field, the share of live records that have it
 * and the share that have it without a rule (in warn mode) flagging it on the row the record's
 * current content came from; the rules that quarantined or flagged most rows lately; and one
 * health score: the mean valid share over the fields any record fills, times the share of rows
 * not rejected over the same period.
 */
@Component
public class QualityReport {

    private final JdbcTemplate jdbc;
    private final EntityContracts contracts;

    public QualityReport(JdbcTemplate jdbc, EntityContracts contracts) {
        this.jdbc = jdbc;
        this.contracts = contracts;
    }

    public record FieldFigures(String field, long records, long present, long valid) {
        public double presentShare() {
            return records == 0 ? 0 : (double) present / records;
        }

        public double validShare() {
            return records == 0 ? 0 : (double) valid / records;
        }
    }

    public record Offender(String ruleCode, String severity, long rows, long runs, long open) {
    }

    public record Report(String entity, long records, List<FieldFigures> fields, List<Offender> offenders,
                         long rowsRead, long rowsRejected, double healthScore, OffsetDateTime since) {
    }

    public Report of(UUID tenantId, String entity, int days) {
        List<String> fields = contracts.find(entity).map(c -> c.fields().keySet().stream().sorted().toList()).orElse(List.of());
        List<FieldFigures> figures = jdbc.query("""
                SELECT f.field, count(c.id),
                       count(c.id) FILTER (WHERE COALESCE(c.attributes ->> f.field, '') <> ''),
                       count(c.id) FILTER (WHERE COALESCE(c.attributes ->> f.field, '') <> '' AND NOT EXISTS (
                           SELECT 1 FROM dq_violations v WHERE v.tenant_id = c.tenant_id AND v.run_id = c.x_run_id
                              AND v.row_number = c.x_row_number AND v.field = f.field))
                  FROM unnest(?::text[]) AS f(field)
                  LEFT JOIN core_records c ON c.tenant_id = ? AND c.entity_type = ? AND c.merged_into IS NULL
                 GROUP BY f.field ORDER BY f.field""",
                (rs, i) -> new FieldFigures(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)),
                fields.toArray(String[]::new), tenantId, entity);
        OffsetDateTime since = OffsetDateTime.now().minusDays(days);
        List<Offender> offenders = jdbc.query("""
                SELECT rule_code, min(severity), count(DISTINCT (run_id, row_number)), count(DISTINCT run_id),
                       count(*) FILTER (WHERE status = 'open')
                  FROM dq_violations WHERE tenant_id = ? AND entity_type = ? AND created_at >= ?
                 GROUP BY rule_code ORDER BY 3 DESC, rule_code LIMIT 10""",
                (rs, i) -> new Offender(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)),
                tenantId, entity, since);
        long[] rows = jdbc.queryForObject("""
                SELECT COALESCE(sum((r.counts ->> 'read')::bigint), 0), COALESCE(sum((r.counts ->> 'quarantined')::bigint), 0)
                  FROM runs r JOIN pipelines p ON p.id = r.pipeline_id AND p.tenant_id = r.tenant_id
                 WHERE r.tenant_id = ? AND p.target_type = ? AND r.created_at >= ? AND r.status = 'completed'""",
                (rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}, tenantId, entity, since);
        long records = figures.isEmpty() ? count(tenantId, entity) : figures.get(0).records();
        double validMean = figures.stream().filter(f -> f.present() > 0).mapToDouble(FieldFigures::validShare).average()
                .orElse(records == 0 ? 0 : 1);
        double kept = rows[0] == 0 ? 1 : 1 - (double) rows[1] / rows[0];
        return new Report(entity, records, figures, offenders, rows[0], rows[1], Math.round(validMean * kept * 1000) / 10.0,
                since);
    }

    private long count(UUID tenantId, String entity) {
        Long n = jdbc.queryForObject("SELECT count(*) FROM core_records WHERE tenant_id = ? AND entity_type = ? AND merged_into IS NULL",
                Long.class, tenantId, entity);
        return n == null ? 0 : n;
    }
}
