package org.tenantio.importer.row;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** A slice of an import run's rows: the unit of one transaction. */
public record RowChunk(RunContext context, List<RowState> rows, long bytesRead, long elapsedNanos) {

    /** How many rows of this chunk ended in each outcome. */
    public Map<Outcome, Long> outcomeCounts() {
        Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) {
            counts.put(o, 0L);
        }
        for (RowState row : rows) {
            counts.merge(row.outcome(), 1L, Long::sum);
        }
        return counts;
    }
}
