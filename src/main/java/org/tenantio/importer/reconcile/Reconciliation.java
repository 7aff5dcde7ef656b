package org.tenantio.importer.reconcile;

import org.tenantio.importer.db.RowSample;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.tenantio.importer.quality.RowValidator;

/**
 * A run's books, balanced after its last chunk (requirements 003 §5.6, IMP-60): rows read vs
 * outcomes recorded vs rows in staging vs rows landed in the core; hash parity on a sample
 * (the canonical hash recomputed from the core record equals the one computed at load); and
 * freshness, the newest {@code source_updated_at} of the run's rows and how old it is.
 */
@Component
public class Reconciliation {

    /** The canonical field a mapping maps its source's last-change time to. */
    public static final String SOURCE_UPDATED_AT = "source_updated_at";
    static final int HASH_SAMPLE = 50;
    private static final List<String> LANDING = List.of("inserted", "updated", "unchanged", "merged", "review");

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public Reconciliation(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * The run's books. {@code sourceTimesMapped}: whether the run's mapping can give a row a
     * source_updated_at at all; when it cannot, freshness is not available without reading every row.
     */
    public Map<String, Object> of(UUID tenantId, UUID runId, Map<String, Object> counts, boolean sourceTimesMapped) {
        Map<String, Object> out = new LinkedHashMap<>();
        long read = number(counts.get("read"));
        long outcomes = LANDING.stream().mapToLong(k -> number(counts.get(k))).sum() + number(counts.get("quarantined"));
        long expectedLanded = LANDING.stream().mapToLong(k -> number(counts.get(k))).sum();
        Map<String, Object> staged = jdbc.queryForMap("""
                SELECT count(*) AS staged,
                       count(*) FILTER (WHERE s.outcome = ANY (?) AND EXISTS
                           (SELECT 1 FROM core_records c WHERE c.tenant_id = s.tenant_id AND c.id = s.record_id)) AS landed
                  FROM staging_rows s WHERE s.tenant_id = ? AND s.run_id = ?""",
                LANDING.toArray(String[]::new), tenantId, runId);
        long staging = number(staged.get("staged"));
        long landed = number(staged.get("landed"));
        out.put("rowsRead", read);
        out.put("outcomesRecorded", outcomes);
        out.put("rowsInStaging", staging);
        out.put("rowsExpectedInCore", expectedLanded);
        out.put("rowsLanded", landed);
        out.put("balanced", read == outcomes && outcomes == staging && landed == expectedLanded);
        out.put("hashParity", hashParity(tenantId, runId, read));
        out.put("freshness", sourceTimesMapped ? freshness(tenantId, runId) : unavailable());
        out.put("topRules", topRules(tenantId, runId));
        return out;
    }

    /**
     * Rows whose core record still holds this run's content (the lineage points at the row):
     * the hash recomputed from the stored attributes must equal the one the load computed.
     */
    private Map<String, Object> hashParity(UUID tenantId, UUID runId, long read) {
        // about 5,000 pseudo-randomly chosen rows of a large run to draw the sample from, not all of
        // them joined and sorted (seconds at a million rows); every row of a run under 10,000
        long step = Math.max(1, read / 5_000);
        List<Map<String, Object>> sample = jdbc.queryForList("""
                SELECT s.row_number, s.checksum, c.content_hash, c.attributes::text AS attributes
                  FROM staging_rows s JOIN core_records c ON c.tenant_id = s.tenant_id AND c.id = s.record_id
                 WHERE s.tenant_id = ? AND s.run_id = ? AND s.outcome IN ('inserted', 'updated') AND %s
                   AND c.x_run_id = s.run_id AND c.x_row_number = s.row_number AND c.merged_into IS NULL
                 ORDER BY md5(s.row_number::text) LIMIT ?""".formatted(RowSample.OF_STAGED_ROWS),
                tenantId, runId, step, HASH_SAMPLE);
        List<Long> mismatched = new ArrayList<>();
        for (Map<String, Object> row : sample) {
            String recomputed = RowValidator.fingerprint(CanonicalFields.read(personal.open((String) row.get("attributes"))));
            if (!recomputed.equals(row.get("checksum")) || !recomputed.equals(row.get("content_hash"))) {
                mismatched.add(number(row.get("row_number")));
            }
        }
        Map<String, Object> parity = new LinkedHashMap<>();
        parity.put("sampled", sample.size());
        parity.put("matched", sample.size() - mismatched.size());
        parity.put("mismatchedRows", mismatched);
        return parity;
    }

    private static Map<String, Object> unavailable() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("field", SOURCE_UPDATED_AT);
        f.put("available", false);
        return f;
    }

    private Map<String, Object> freshness(UUID tenantId, UUID runId) {
        // ISO-shaped values only, newest text first; parsed here so one odd value cannot fail the run.
        // A row that landed without violations is staged compactly (load/ChunkWriter): its value is its record's.
        List<String> newest = jdbc.queryForList("""
                SELECT DISTINCT v FROM (
                    SELECT s.normalized ->> 'source_updated_at' AS v FROM staging_rows s
                     WHERE s.tenant_id = ? AND s.run_id = ? AND s.normalized IS NOT NULL
                    UNION ALL
                    SELECT c.attributes ->> 'source_updated_at' FROM staging_rows s
                      JOIN core_records c ON c.tenant_id = s.tenant_id AND c.id = s.record_id
                     WHERE s.tenant_id = ? AND s.run_id = ? AND s.normalized IS NULL AND s.raw IS NULL) d
                 WHERE v ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}'
                 ORDER BY v DESC LIMIT 50""", String.class, tenantId, runId, tenantId, runId);
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("field", SOURCE_UPDATED_AT);
        OffsetDateTime max = newest.stream().map(Reconciliation::parse).filter(java.util.Objects::nonNull)
                .max(OffsetDateTime::compareTo).orElse(null);
        if (max == null) {
            f.put("available", false);
            return f;
        }
        f.put("available", true);
        f.put("newestSourceUpdatedAt", max.toString());
        f.put("lagSeconds", Math.max(0, Duration.between(max.toInstant(), clock.instant()).toSeconds()));
        return f;
    }

    private List<Map<String, Object>> topRules(UUID tenantId, UUID runId) {
        return jdbc.queryForList("""
                SELECT rule_code AS "ruleCode", count(*) AS violations, count(DISTINCT row_number) AS rows
                  FROM dq_violations WHERE tenant_id = ? AND run_id = ?
                 GROUP BY rule_code ORDER BY count(*) DESC, rule_code LIMIT 10""", tenantId, runId);
    }

    static OffsetDateTime parse(String text) {
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text.replace(' ', 'T')).atOffset(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                try {
                    return LocalDate.parse(text).atStartOfDay().atOffset(ZoneOffset.UTC);
                } catch (DateTimeParseException e3) {
                    return null;
                }
            }
        }
    }

    static long number(Object value) {
        return value instanceof Number n ? n.longValue() : value == null ? 0 : Long.parseLong(value.toString());
    }

    /** Stored personal values are decrypted here (crypto.PersonalData; docs/operations.md "Encryption"). */
    private org.tenantio.importer.crypto.PersonalData personal;

    @org.springframework.beans.factory.annotation.Autowired
    void personalData(org.tenantio.importer.crypto.PersonalData personal) {
        this.personal = personal;
    }
}
