package org.tenantio.importer.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.tenantio.importer.support.IntegrationTest;

/** ANALYZE by relative growth, against the real server's statistics. */
@IntegrationTest
class PlannerStatisticsIT {

    @Autowired
    PlannerStatistics statistics;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void onlyATableThatGrewByHalfSinceItsStatisticsIsAnalysedAndOnlyWhenARunCrossesAThreshold() {
        jdbc.execute("ANALYZE core_records, external_id_map, match_keys");
        await().atMost(Duration.ofSeconds(30)).until(() -> modsSinceAnalyze("match_keys") == 0);

        assertThat(statistics.refreshIfGrown(0, 10_000)).as("nothing grew").isEmpty();

        long size = Math.max(1_000, reltuples("match_keys"));
        jdbc.update("""
                INSERT INTO match_keys (tenant_id, entity_type, key_hash, core_id)
                SELECT ?, 'person', g, gen_random_uuid() FROM generate_series(1, ?) g""",
                UUID.randomUUID(), size);
        await().atMost(Duration.ofSeconds(30)).until(() -> modsSinceAnalyze("match_keys") >= size);
        long analyses = analyzeCount("match_keys");

        assertThat(statistics.refreshIfGrown(10_000, 15_000)).as("no threshold crossed").isEmpty();
        assertThat(statistics.refreshIfGrown(15_000, 20_000)).containsExactly("match_keys");
        await().atMost(Duration.ofSeconds(30)).until(() -> analyzeCount("match_keys") > analyses);
    }

    private long modsSinceAnalyze(String table) {
        return jdbc.queryForObject("SELECT n_mod_since_analyze FROM pg_stat_user_tables WHERE relname = ?", Long.class, table);
    }

    private long analyzeCount(String table) {
        return jdbc.queryForObject("SELECT analyze_count + autoanalyze_count FROM pg_stat_user_tables WHERE relname = ?",
                Long.class, table);
    }

    private long reltuples(String table) {
        return jdbc.queryForObject("SELECT GREATEST(reltuples, 0)::bigint FROM pg_class WHERE relname = ?", Long.class, table);
    }
}
