package org.tenantio.importer.identity;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The tenant's value frequencies of the term-frequency features (first and last name), kept as
 * records arrive: each chunk adds its new records' counts in one statement per table, in key
 * order so that concurrent chunks of one tenant lock rows in the same order. Values are stored
 * as keyed hashes ({@link MatchKeyHasher}), never readable. A rolled-back run takes its new
 * records' counts back out ({@link #forget}). Counts are statistics: a later edit of a name
 * leaves them slightly off, which moves weights by a fraction of a bit for any value shared by
 * more than a handful of records.
 */
@Component
public class TermFrequencyStore {

    private final JdbcTemplate jdbc;
    private final MatchKeyHasher hasher;
    private final MatchConfigs configs;

    public TermFrequencyStore(JdbcTemplate jdbc, MatchKeyHasher hasher, MatchConfigs configs) {
        this.jdbc = jdbc;
        this.hasher = hasher;
        this.configs = configs;
    }

    /** Records forgotten per statement: bounds the ids and attributes held at once. */
    static final int FORGET_BATCH = 5000;

    /**
     * Takes records that are about to be removed (a rolled-back run's new, unmerged records) out
     * of the tenant's frequencies, as {@link #add} counted them: once per field with the first
     * value. Call before the records are deleted. Counts never go below zero; values no record
     * holds any more are removed.
     */
    public void forget(UUID tenantId, String entityType, List<UUID> recordIds) {
        MatchRules rules = configs.find(tenantId, entityType).orElse(null);
        if (rules == null || fields(rules).isEmpty() || recordIds.isEmpty()) {
            return;
        }
        List<String> fields = fields(rules);
        Map<Value, Long> counts = new TreeMap<>();
        Map<String, Long> totals = new TreeMap<>();
        for (int from = 0; from < recordIds.size(); from += FORGET_BATCH) {
            UUID[] ids = recordIds.subList(from, Math.min(recordIds.size(), from + FORGET_BATCH)).toArray(UUID[]::new);
            List<Map<String, Object>> records = new ArrayList<>(ids.length);
            jdbc.query("""
                    SELECT ARRAY(SELECT c.attributes->>u.f FROM unnest(?::text[]) WITH ORDINALITY AS u(f, i) ORDER BY u.i)
                      FROM core_records c WHERE c.tenant_id = ? AND c.entity_type = ? AND c.id = ANY(?)""", rs -> {
                String[] values = (String[]) rs.getArray(1).getArray();
                Map<String, Object> r = new HashMap<>();
                for (int i = 0; i < fields.size(); i++) {
                    if (values[i] != null) {
                        r.put(fields.get(i), personal.openValue(values[i]));
                    }
                }
                records.add(r);
            }, fields.toArray(String[]::new), tenantId, entityType, ids);
            count(fields, records,
                    (field, value) -> counts.merge(new Value(field, hasher.frequencyHash(field, value)), 1L, Long::sum),
                    field -> totals.merge(field, 1L, Long::sum));
        }
        List<String> f = new ArrayList<>();
        List<Long> h = new ArrayList<>();
        List<Long> n = new ArrayList<>();
        counts.forEach((value, records) -> {
            f.add(value.field());
            h.add(value.hash());
            n.add(records);
        });
        // Same (field, hash) order as add takes its locks in.
        jdbc.update("""
                UPDATE term_frequencies t SET records = GREATEST(t.records - x.records, 0)
                  FROM unnest(?::text[], ?::bigint[], ?::bigint[]) AS x(field, value_hash, records)
                 WHERE t.tenant_id = ? AND t.entity_type = ? AND t.field = x.field AND t.value_hash = x.value_hash""",
                f.toArray(String[]::new), h.toArray(Long[]::new), n.toArray(Long[]::new), tenantId, entityType);
        jdbc.update("DELETE FROM term_frequencies WHERE tenant_id = ? AND entity_type = ? AND records = 0", tenantId, entityType);
        jdbc.update("""
                UPDATE term_frequency_totals t SET records = GREATEST(t.records - x.records, 0)
                  FROM unnest(?::text[], ?::bigint[]) AS x(field, records)
                 WHERE t.tenant_id = ? AND t.entity_type = ? AND t.field = x.field""",
                totals.keySet().toArray(String[]::new), totals.values().toArray(Long[]::new), tenantId, entityType);
    }

    private static List<String> fields(MatchRules rules) {
        return rules.features().stream().filter(MatchRules.Feature::termFrequency).map(f -> f.fields().get(0))
                .distinct().toList();
    }

    /**
     * The stored frequencies of the values the records in play have, plus the chunk's own new
     * records (not stored yet), so a chunk's rows see each other.
     */
    ValueFrequencies read(UUID tenantId, String entityType, MatchRules rules, Collection<? extends Map<String, ?>> inPlay,
                          Collection<? extends Map<String, ?>> chunk) {
        List<String> fields = fields(rules);
        ValueFrequencies out = new ValueFrequencies();
        if (fields.isEmpty()) {
            return out;
        }
        // Each distinct value hashed once: a chunk's records in play repeat the same names thousands of times.
        Map<String, Map<String, Long>> plainValues = new HashMap<>();
        for (Map<String, ?> record : inPlay) {
            for (String field : fields) {
                Map<String, Long> values = plainValues.computeIfAbsent(field, k -> new HashMap<>());
                for (String value : FieldValues.of(record, field)) {
                    values.computeIfAbsent(FieldValues.plain(value), plain -> hasher.frequencyHash(field, plain));
                }
            }
        }
        Map<String, Map<Long, String>> wanted = new HashMap<>();
        plainValues.forEach((field, values) -> values.forEach((plain, hash) ->
                wanted.computeIfAbsent(field, k -> new HashMap<>()).put(hash, plain)));
        List<String> f = new ArrayList<>();
        List<Long> h = new ArrayList<>();
        wanted.forEach((field, values) -> values.keySet().forEach(hash -> {
            f.add(field);
            h.add(hash);
        }));
        if (!h.isEmpty()) {
            jdbc.query("""
                    SELECT t.field, t.value_hash, t.records FROM term_frequencies t
                      JOIN unnest(?::text[], ?::bigint[]) AS x(field, value_hash)
                        ON t.field = x.field AND t.value_hash = x.value_hash
                     WHERE t.tenant_id = ? AND t.entity_type = ?""", rs -> {
                String field = rs.getString(1);
                out.add(field, wanted.get(field).get(rs.getLong(2)), rs.getLong(3));
            }, f.toArray(String[]::new), h.toArray(Long[]::new), tenantId, entityType);
        }
        jdbc.query("SELECT field, records FROM term_frequency_totals WHERE tenant_id = ? AND entity_type = ?",
                rs -> {
                    out.addTotal(rs.getString(1), rs.getLong(2));
                }, tenantId, entityType);
        count(fields, chunk, (field, value) -> out.add(field, value, 1), field -> out.addTotal(field, 1));
        return out;
    }

    /** Adds the chunk's new records to the tenant's frequencies: one upsert per table. */
    void add(UUID tenantId, String entityType, MatchRules rules, Collection<? extends Map<String, ?>> records) {
        List<String> fields = fields(rules);
        if (fields.isEmpty() || records.isEmpty()) {
            return;
        }
        // Sorted by (field, hash): the lock order every chunk of every run takes.
        Map<Value, Long> counts = new TreeMap<>();
        Map<String, Long> totals = new TreeMap<>();
        count(fields, records, (field, value) -> counts.merge(new Value(field, hasher.frequencyHash(field, value)), 1L,
                Long::sum), field -> totals.merge(field, 1L, Long::sum));
        List<String> f = new ArrayList<>();
        List<Long> h = new ArrayList<>();
        List<Long> n = new ArrayList<>();
        counts.forEach((value, records1) -> {
            f.add(value.field());
            h.add(value.hash());
            n.add(records1);
        });
        jdbc.update("""
                INSERT INTO term_frequencies (tenant_id, entity_type, field, value_hash, records)
                SELECT ?, ?, x.field, x.value_hash, x.records
                  FROM unnest(?::text[], ?::bigint[], ?::bigint[]) WITH ORDINALITY AS x(field, value_hash, records, i)
                 ORDER BY x.i
                ON CONFLICT (tenant_id, entity_type, field, value_hash)
                DO UPDATE SET records = term_frequencies.records + excluded.records""",
                tenantId, entityType, f.toArray(String[]::new), h.toArray(Long[]::new), n.toArray(Long[]::new));
        jdbc.update("""
                INSERT INTO term_frequency_totals (tenant_id, entity_type, field, records)
                SELECT ?, ?, x.field, x.records FROM unnest(?::text[], ?::bigint[]) WITH ORDINALITY AS x(field, records, i)
                 ORDER BY x.i
                ON CONFLICT (tenant_id, entity_type, field) DO UPDATE SET records = term_frequency_totals.records + excluded.records""",
                tenantId, entityType, totals.keySet().toArray(String[]::new), totals.values().toArray(Long[]::new));
    }

    private record Value(String field, long hash) implements Comparable<Value> {
        @Override
        public int compareTo(Value o) {
            int byField = field.compareTo(o.field);
            return byField != 0 ? byField : Long.compare(hash, o.hash);
        }
    }

    private interface ValueSink {
        void accept(String field, String plainValue);
    }

    /** Each record counts once per field, with its first value (a merged record's list adds nothing new). */
    private static void count(List<String> fields, Collection<? extends Map<String, ?>> records, ValueSink value,
                              java.util.function.Consumer<String> total) {
        for (Map<String, ?> record : records) {
            for (String field : fields) {
                String first = FieldValues.first(record, field);
                String plain = first == null ? "" : FieldValues.plain(first);
                if (!plain.isEmpty()) {
                    value.accept(field, plain);
                    total.accept(field);
                }
            }
        }
    }

    /** Stored personal values are decrypted here (crypto.PersonalData; docs/operations.md "Encryption"). */
    private org.tenantio.importer.crypto.PersonalData personal;

    @org.springframework.beans.factory.annotation.Autowired
    void personalData(org.tenantio.importer.crypto.PersonalData personal) {
        this.personal = personal;
    }
}
