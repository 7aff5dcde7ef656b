package org.tenantio.importer.load;



import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.tenantio.importer.db.CsvCopyWriter;
import org.tenantio.importer.db.PlannerStatistics;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.tenantio.importer.row.Outcome;
import org.tenantio.importer.row.RowState;

class LoadHelpersTest {

    @Test
    void copyTextQuotesValuesAndLeavesNullUnquoted() {
        String text = new CsvCopyWriter().value("a\"b").value(null).value("").value(7).endRow().value("x,y\nz").endRow().text();

        assertThat(text).isEqualTo("\"a\"\"b\",,\"\",\"7\"\n\"x,y\nz\"\n");
    }

    @Test
    void statisticsAreRefreshedWhenTheRowCountCrossesADoublingThreshold() {
        assertThat(PlannerStatistics.crossesThreshold(0, 9_999)).isFalse();
        assertThat(PlannerStatistics.crossesThreshold(9_000, 10_000)).isTrue();
        assertThat(PlannerStatistics.crossesThreshold(10_000, 15_000)).isFalse();
        assertThat(PlannerStatistics.crossesThreshold(15_000, 20_000)).isTrue();
        assertThat(PlannerStatistics.crossesThreshold(600_000, 640_000)).isTrue();
        assertThat(PlannerStatistics.crossesThreshold(640_000, 700_000)).isFalse();
    }

    @Test
    void aKeyThatRepeatsInAChunkIsWrittenOnceWithItsLastRowAndTheEarlierRowsFollowIt() {
        RowState a1 = row(1, "A", "h1");
        RowState b = row(2, "B", "h2");
        RowState a2 = row(3, "A", "h3");
        RowState a3 = row(4, "A", "h3");
        RowState noId = row(5, null, "h4");
        RowState noIdAgain = row(6, null, "h4");

        RepeatedKeys keys = RepeatedKeys.of("sys", List.of(a1, b, a2, noId, a3, noIdAgain));

        assertThat(keys.latest()).containsExactly(a3, b, noIdAgain);
        assertThat(keys.repeats()).isEqualTo(3);
        UUID recordA = UUID.randomUUID();
        UUID recordNoId = UUID.randomUUID();
        a3.recordId(recordA);
        a3.outcome(Outcome.INSERTED);
        noIdAgain.recordId(recordNoId);
        noIdAgain.outcome(Outcome.UNCHANGED);
        keys.settle();
        assertThat(List.of(a1.recordId(), a2.recordId())).containsOnly(recordA);
        assertThat(List.of(a1.outcome(), a2.outcome())).containsOnly(Outcome.UNCHANGED);
        assertThat(noId.recordId()).isEqualTo(recordNoId);
        assertThat(noId.outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(ChunkWriter.keySystem("sys", noId)).isEqualTo("sys#content");
        assertThat(ChunkWriter.keyValue(noId)).isEqualTo("h4");
    }

    private static RowState row(long n, String externalId, String hash) {
        RowState row = new RowState(n, List.of(), Map.of());
        row.externalId(externalId);
        row.contentHash(hash);
        return row;
    }
}
