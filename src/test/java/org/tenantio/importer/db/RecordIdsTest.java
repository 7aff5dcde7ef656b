package org.tenantio.importer.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RecordIdsTest {

    @Test
    void idsAreVersionSevenUniqueAndOrderedByTheirMillisecond() {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(RecordIds.next());
        }
        long last = millis(ids.get(ids.size() - 1));
        UUID later = RecordIds.next();
        while (millis(later) == last) { // an id of a later millisecond
            later = RecordIds.next();
        }
        assertThat(ids).allSatisfy(id -> assertThat(id.version()).isEqualTo(7));
        assertThat(new HashSet<>(ids)).hasSize(ids.size());
        // the first 48 bits are the creation millisecond: index entries of ids made together sit together
        for (int i = 1; i < ids.size(); i++) {
            assertThat(millis(ids.get(i))).isGreaterThanOrEqualTo(millis(ids.get(i - 1)));
        }
        assertThat(millis(later)).isGreaterThan(last);
        assertThat(Math.abs(millis(later) - System.currentTimeMillis())).as("the wall clock's millisecond").isLessThan(60_000);
        assertThat(later.compareTo(ids.get(0))).isPositive();
    }

    private static long millis(UUID id) {
        return id.getMostSignificantBits() >>> 16;
    }
}
