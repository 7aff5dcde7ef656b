package org.tenantio.importer.identity;

import java.util.HashMap;
import java.util.Map;

/**
 * How often values of the term-frequency features occur among a tenant's records: per field,
 * the number of records with a value and the number with each value (in its plain form).
 * Values are held here in memory only; the stored table keeps keyed hashes of them.
 */
public final class ValueFrequencies {

    static final ValueFrequencies NONE = new ValueFrequencies();

    private final Map<String, Long> totals = new HashMap<>();
    private final Map<String, Map<String, Long>> counts = new HashMap<>();

    long total(String field) {
        return totals.getOrDefault(field, 0L);
    }

    long count(String field, String value) {
        Map<String, Long> values = counts.get(field);
        return values == null || value == null ? 0 : values.getOrDefault(FieldValues.plain(value), 0L);
    }

    /** The count of a value already in its plain form (as {@link PairScorer} prepares names): no normalising per pair. */
    long countPlain(String field, String plainValue) {
        Map<String, Long> values = counts.get(field);
        return values == null || plainValue == null ? 0 : values.getOrDefault(plainValue, 0L);
    }

    /** Adds n records with this value of the field (value in any form; it is compared plain). */
    void add(String field, String value, long n) {
        counts.computeIfAbsent(field, k -> new HashMap<>()).merge(FieldValues.plain(value), n, Long::sum);
    }

    void addTotal(String field, long n) {
        totals.merge(field, n, Long::sum);
    }
}
