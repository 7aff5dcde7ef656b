package org.tenantio.importer.load;



import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.tenantio.importer.db.CsvCopyWriter;
import org.tenantio.importer.db.PlannerStatistics;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.tenantio.importer.row.HeaderLayout;
import org.tenantio.importer.row.MappingDefinition;
import org.tenantio.importer.row.MappingVersion;
import org.tenantio.importer.row.Violation;
import org.tenantio.importer.row.RowChunk;
import org.tenantio.importer.row.RowState;
import org.tenantio.importer.row.RunContext;

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
    void aKeyThatRepeatsInAChunkGoesToALaterWaveAndQuarantinedRowsToNone() {
        MappingDefinition mapping = new MappingDefinition("person", "sys", "external_id", List.of(), Map.of());
        RunContext ctx = new RunContext(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "p", "person",
                new MappingVersion(1, "c", mapping), HeaderLayout.resolve(mapping, List.of()), null, "f", -1, false, null, false, null);
        RowState a1 = row(1, "A", "h1");
        RowState b = row(2, "B", "h2");
        RowState a2 = row(3, "A", "h3");
        RowState noId = row(4, null, "h4");
        RowState bad = row(5, "C", null);
        bad.violations().add(Violation.error("REQ-001", "email", null, "m", "h"));

        List<List<RowState>> waves = ChunkWriter.waves(new RowChunk(ctx, List.of(a1, b, a2, noId, bad), 0, 0));

        assertThat(waves).hasSize(2);
        assertThat(waves.get(0)).containsExactly(a1, b, noId);
        assertThat(waves.get(1)).containsExactly(a2);
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
