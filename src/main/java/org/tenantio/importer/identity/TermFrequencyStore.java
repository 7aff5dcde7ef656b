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
 * as keyed hashes ({@link MatchKeyHasher}), never readable. Counts are statistics: a rolled-back
 * run or a later edit of a name leaves them slightly high, which moves weights by a fraction of
 * a bit for any value shared by more than a handful of records.
 */
@Component
public class TermFrequencyStore {

    private final JdbcTemplate jdbc;
    private final MatchKeyHasher hasher;

    public TermFrequencyStore(JdbcTemplate jdbc, MatchKeyHasher hasher) {
        this.jdbc = jdbc;
        this.hasher = hasher;
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
        Map<String, Map<Long, String>> wanted = new HashMap<>();
        for (Map<String, ?> record : inPlay) {
            for (String field : fields) {
                for (String value : FieldValues.of(record, field)) {
                    String plain = FieldValues.plain(value);
                    wanted.computeIfAbsent(field, k -> new HashMap<>()).put(hasher.frequencyHash(field, plain), plain);
                }
            }
        }
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
}
