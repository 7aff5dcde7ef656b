package org.tenantio.importer.run;

import org.tenantio.importer.row.Outcome;

import java.util.LinkedHashMap;
import java.util.Map;

/** The counts every run starts with: rows read, and one key per outcome, all zero. */
public final class RunCounts {
    private RunCounts() {
    }

    public static Map<String, Long> zero() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("read", 0L);
        for (Outcome o : Outcome.values()) {
            counts.put(o.key(), 0L);
        }
        return counts;
    }
}
