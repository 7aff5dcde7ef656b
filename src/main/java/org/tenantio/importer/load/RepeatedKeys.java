package org.tenantio.importer.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tenantio.importer.row.Outcome;
import org.tenantio.importer.row.RowState;

/**
 * A chunk's clean rows, one per key: a key the chunk names more than once is written once, with
 * its last row (what a row-by-row load would leave in the core), in the same set-based pass as
 * every other key. The earlier rows of that key then take its record, and the outcome a
 * row-by-row load would have reported for the step after them: unchanged when their content
 * equals the last row's, updated otherwise.
 */
final class RepeatedKeys {

    private final List<RowState> latest;
    private final Map<RowState, RowState> earlier;

    private RepeatedKeys(List<RowState> latest, Map<RowState, RowState> earlier) {
        this.latest = latest;
        this.earlier = earlier;
    }

    static RepeatedKeys of(String system, List<RowState> clean) {
        Map<String, RowState> last = new LinkedHashMap<>();
        Map<RowState, RowState> earlier = new LinkedHashMap<>();
        for (RowState row : clean) {
            RowState previous = last.put(ChunkWriter.keySystem(system, row) + '\u0000' + ChunkWriter.keyValue(row), row);
            if (previous != null) {
                earlier.put(previous, null);
            }
        }
        // each earlier row points at the last row of its key
        for (RowState row : new ArrayList<>(earlier.keySet())) {
            earlier.put(row, last.get(ChunkWriter.keySystem(system, row) + '\u0000' + ChunkWriter.keyValue(row)));
        }
        return new RepeatedKeys(new ArrayList<>(last.values()), earlier);
    }

    /** The rows to write: one per key, each key's last row, in the order the keys first appear. */
    List<RowState> latest() {
        return latest;
    }

    /** How many rows repeat a key that a later row of the chunk names again. */
    int repeats() {
        return earlier.size();
    }

    /** Once the latest rows are written: the earlier rows of each key take its record and their outcome. */
    void settle() {
        earlier.forEach((row, last) -> {
            row.recordId(last.recordId());
            row.outcome(Outcome.UNCHANGED);
        });
    }
}
