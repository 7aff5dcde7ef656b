package org.tenantio.importer.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tenantio.importer.support.IdentityFixtures.HEADER;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import org.tenantio.importer.row.HeaderLayout;
import org.tenantio.importer.row.MappingDefinition;
import org.tenantio.importer.row.MappingVersion;
import org.tenantio.importer.row.Outcome;
import org.tenantio.importer.row.RowChunk;
import org.tenantio.importer.row.RowState;
import org.tenantio.importer.row.RunContext;
import org.tenantio.importer.support.ApiIntegrationTest;
import org.tenantio.importer.system.TenantScope;

/**
 * The two halves of the fast path against the real database: what the prepare stage marks, and
 * what the writer still confirms when keys changed between the two (another run updated one,
 * consent was withdrawn on another), and that the digest tells rows and settings apart.
 */
class UnchangedRowsIT extends ApiIntegrationTest {

    @Autowired
    UnchangedRows unchanged;
    @Autowired
    TransactionTemplate tx;

    @Test
    void rowsMarkedInThePrepareStageAreConfirmedOnlyWhileTheirKeyIsAsItWas() {
        api.importCsv("volunteers", tenant.adminKey(), HEADER
                + "U-1,Ada,Lovelace,ada@example.org,,1985-12-10,,London,,,GB\n"
                + "U-2,Alan,Turing,alan@example.org,,1962-06-23,,Wilmslow,,,GB\n"
                + "U-3,Grace,Hopper,grace@example.org,,1976-12-09,,,,,GB\n");
        RunContext ctx = context(List.of("external_id", "first_name"));
        List<RowState> rows = rows("U-1", "U-2", "U-3", "U-4");
        screen(ctx, rows);
        assertThat(rows).noneMatch(RowState::loadedBefore);
        // the keys as a load under these settings would have left them
        for (RowState row : rows) {
            jdbc.update("UPDATE external_id_map SET raw_hash = ? WHERE tenant_id = ? AND external_id = ?", row.rawHash(),
                    tenant.id(), row.externalId());
        }
        screen(ctx, rows);
        assertThat(rows).extracting(RowState::loadedBefore).containsExactly(true, true, true, false);

        // between the prepare stage and the write: U-1 updated by another run, U-2 withdrawn
        jdbc.update("UPDATE external_id_map SET raw_hash = 'other' WHERE tenant_id = ? AND external_id = 'U-1'", tenant.id());
        jdbc.update("UPDATE core_records SET consent_state = 'withdrawn' WHERE tenant_id = ? AND id = "
                + "(SELECT core_id FROM external_id_map WHERE tenant_id = ? AND external_id = 'U-2')", tenant.id(), tenant.id());
        List<RowState> marked = rows.stream().filter(RowState::loadedBefore).toList();
        UnchangedRows.Confirmed confirmed = TenantScope.call(tenant.id(), () -> tx.execute(s -> unchanged.confirm(ctx, marked)));

        assertThat(confirmed.stale()).extracting(RowState::externalId).containsExactlyInAnyOrder("U-1", "U-2");
        assertThat(confirmed.stale()).noneMatch(RowState::loadedBefore);
        RowState grace = rows.get(2);
        assertThat(grace.loadedBefore()).isTrue();
        assertThat(grace.outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(grace.recordId()).isEqualTo(jdbc.queryForObject(
                "SELECT core_id FROM external_id_map WHERE tenant_id = ? AND external_id = 'U-3'", UUID.class, tenant.id()));
        assertThat(grace.contentHash()).isEqualTo(jdbc.queryForObject(
                "SELECT source_hash FROM external_id_map WHERE tenant_id = ? AND external_id = 'U-3'", String.class, tenant.id()));
        assertThat(confirmed.seenInRun()).as("no key of this run written before").isZero();
    }

    @Test
    void theDigestTellsCellsAndSettingsApart() {
        RunContext ctx = context(List.of("external_id", "first_name"));
        RowState a = row(1, "K", "ab", "c");
        RowState b = row(2, "K", "a", "bc");
        RowState c = row(3, "K", "ab", null);
        RowState d = row(4, "K", "ab", "");
        screen(ctx, new ArrayList<>(List.of(a, b, c, d)));
        assertThat(List.of(a.rawHash(), b.rawHash(), c.rawHash(), d.rawHash())).doesNotHaveDuplicates();

        RowState again = row(1, "K", "ab", "c");
        screen(ctx, new ArrayList<>(List.of(again)));
        assertThat(again.rawHash()).isEqualTo(a.rawHash());
        RowState otherHeader = row(1, "K", "ab", "c");
        screen(context(List.of("external_id", "given_name")), new ArrayList<>(List.of(otherHeader)));
        assertThat(otherHeader.rawHash()).isNotEqualTo(a.rawHash());
    }

    private void screen(RunContext ctx, List<RowState> rows) {
        TenantScope.call(tenant.id(), () -> unchanged.screen(new RowChunk(ctx, rows, 0, 0)));
    }

    private RunContext context(List<String> header) {
        MappingDefinition mapping = new MappingDefinition("person", "volunteers", "external_id", List.of(), Map.of());
        return new RunContext(UUID.randomUUID(), tenant.id(), UUID.randomUUID(), "volunteers", "person",
                new MappingVersion(1, "x", mapping), HeaderLayout.resolve(mapping, header), "GB", "f.csv", -1, false, null,
                false, null);
    }

    private static List<RowState> rows(String... ids) {
        List<RowState> rows = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            rows.add(row(i + 1, ids[i], "name" + i, "x"));
        }
        return rows;
    }

    private static RowState row(long number, String id, String first, String last) {
        List<String> values = new ArrayList<>();
        values.add(id);
        values.add(first);
        values.add(last);
        RowState row = new RowState(number, values, Map.of());
        row.externalId(id);
        return row;
    }
}
