package org.tenantio.importer.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tenantio.importer.support.IdentityFixtures.HEADER;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.tenantio.importer.support.ApiIntegrationTest;
import org.tenantio.importer.system.TenantScope;

/**
 * Hashed blocking keys and name frequencies: nothing readable is stored, and a tenant whose
 * hashes were built with another match key gets exactly the same keys and counts rebuilt from
 * its records, once, even when two instances start together.
 */
class MatchKeyRebuildIT extends ApiIntegrationTest {

    @Autowired
    MatchKeyRebuild rebuild;

    private static final String FILE = HEADER
            + "R-1,Jon,Smith,jon.smith@example.org,07911 123456,1990-04-12,1 High Street,London,,SW1A 1AA,GB\n"
            + "R-2,Mary,Smith,mary@example.org,07911 123457,1992-01-30,1 High Street,London,,SW1A 1AA,GB\n"
            + "R-3,Ann,Zebrowski,ann@example.org,07911 123458,1970-08-01,9 Mill Lane,Leeds,,LS1 1AA,GB\n";

    private String state() {
        return jdbc.queryForObject("""
                SELECT COALESCE((SELECT string_agg(key_hash || '>' || core_id, ',' ORDER BY key_hash, core_id)
                                   FROM match_keys WHERE tenant_id = ?), '')
                    || '|' || COALESCE((SELECT string_agg(field || value_hash || '=' || records, ',' ORDER BY field, value_hash)
                                   FROM term_frequencies WHERE tenant_id = ?), '')
                    || '|' || COALESCE((SELECT string_agg(field || '=' || records, ',' ORDER BY field)
                                   FROM term_frequency_totals WHERE tenant_id = ?), '')""",
                String.class, tenant.id(), tenant.id(), tenant.id());
    }

    @Test
    void storedKeysAndFrequenciesHoldNoReadableValue() {
        api.importCsv("volunteers", tenant.adminKey(), FILE);

        // Hashes and ids are numbers and uuids, which cannot hold a readable value but may contain
        // "1990" or "7911" by chance: they are checked by type, every other column by content.
        assertThat(jdbc.queryForList("""
                SELECT table_name || '.' || column_name || ':' || data_type FROM information_schema.columns
                 WHERE table_name IN ('match_keys', 'term_frequencies') AND column_name IN ('key_hash', 'value_hash')""",
                String.class)).containsExactlyInAnyOrder("match_keys.key_hash:bigint", "term_frequencies.value_hash:bigint");
        String stored = jdbc.queryForObject("""
                SELECT (SELECT string_agg((to_jsonb(k) - 'key_hash' - 'core_id' - 'run_id' - 'tenant_id')::text, ',')
                          FROM match_keys k WHERE tenant_id = ?)
                    || (SELECT string_agg((to_jsonb(f) - 'value_hash' - 'tenant_id' - 'records')::text, ',')
                          FROM term_frequencies f WHERE tenant_id = ?)""",
                String.class, tenant.id(), tenant.id()).toLowerCase();

        assertThat(stored).doesNotContain("smith", "jon", "zebrowski", "example.org", "7911", "1990", "sw1a", "s530");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM match_keys WHERE tenant_id = ?", Long.class, tenant.id()))
                .isGreaterThanOrEqualTo(3 * 5);
        assertThat(jdbc.queryForObject("""
                SELECT records FROM term_frequency_totals WHERE tenant_id = ? AND field = 'last_name'""",
                Long.class, tenant.id())).isEqualTo(3);
        assertThat(jdbc.queryForObject("SELECT max(records) FROM term_frequencies WHERE tenant_id = ? AND field = 'last_name'",
                Long.class, tenant.id())).isEqualTo(2);
    }

    @Test
    void keysBuiltWithAnotherMatchKeyAreRebuiltOnceAndExactly() throws Exception {
        api.importCsv("volunteers", tenant.adminKey(), FILE);
        String before = state();
        assertThat(TenantScope.call(tenant.id(), () -> rebuild.rebuildIfStale(tenant.id()))).isFalse();

        // As after the migration or a changed IMPORTER_MATCH_KEY: the hashes are of another key.
        jdbc.update("UPDATE match_key_state SET fingerprint = 1 WHERE tenant_id = ?", tenant.id());
        jdbc.update("UPDATE match_keys SET key_hash = key_hash + 1 WHERE tenant_id = ?", tenant.id());
        jdbc.update("UPDATE term_frequencies SET records = records * 7 WHERE tenant_id = ?", tenant.id());
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Boolean>> instances = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            instances.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return TenantScope.call(tenant.id(), () -> rebuild.rebuildIfStale(tenant.id()));
            }));
        }
        start.countDown();
        List<Boolean> rebuilt = new ArrayList<>();
        for (CompletableFuture<Boolean> f : instances) {
            rebuilt.add(f.get(60, TimeUnit.SECONDS));
        }

        assertThat(rebuilt).containsExactlyInAnyOrder(true, false);
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void aRebuiltTenantStillFindsItsPeople() {
        api.importCsv("volunteers", tenant.adminKey(), FILE);
        jdbc.update("UPDATE match_key_state SET fingerprint = 1 WHERE tenant_id = ?", tenant.id());
        jdbc.update("DELETE FROM match_keys WHERE tenant_id = ?", tenant.id());
        rebuild.rebuildStale();

        var run = api.importCsv("volunteers", tenant.adminKey(), HEADER
                + "X-9,Jon,Smith,jon.s@other.example.net,07911 123456,1990-04-12,1 High Street,London,,SW1A 1AA,GB\n");

        assertThat(run.get("counts").get("merged").asLong()).isEqualTo(1);
    }
}
