package org.tenantio.importer.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import org.tenantio.importer.support.IntegrationTest;
import org.tenantio.importer.support.TestTenants;
import org.tenantio.importer.system.DatabaseConfiguration;
import org.tenantio.importer.system.TenantScope;

/**
 * A chunk's statements against the tenant's keys stay one index probe per row of the chunk,
 * whatever the statistics say. Planned as joins, they became sequential scans of the whole of
 * external_id_map per chunk once it outgrew a chunk (a run's cost grew with the square of its
 * size), and, with statistics taken before the tenant had keys, a nested loop that scanned the
 * chunk once per key (5 s a chunk); both seen with auto_explain on the benchmark server (issue 11
 * A). The statements run here under EXPLAIN ANALYZE (in a transaction rolled back) on a
 * 5,000-row chunk, and the plan's loop counts are read.
 */
@IntegrationTest
class ChunkPlansIT {

    private static final int CHUNK = 5_000;
    private static final Pattern LOOPS = Pattern.compile("loops=(\\d+)");

    @Autowired
    TestTenants tenants;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    @Qualifier(DatabaseConfiguration.MIGRATION)
    DataSource owner;

    @Test
    void theApplicationsConnectionsRunWithoutJit() {
        assertThat(jdbc.queryForObject("SHOW jit", String.class)).isEqualTo("off");
        assertThat(jdbc.queryForObject("SHOW work_mem", String.class)).isEqualTo("32MB");
    }

    @Test
    void withFreshStatisticsOfALargeTenant() {
        UUID tenant = tenants.create("plans").id();
        seed(tenant, 60_000);
        analyze();
        assertEveryStatementProbesPerRow(tenant);
    }

    @Test
    void withStatisticsFromBeforeTheTenantHadKeys() {
        UUID tenant = tenants.create("plans").id();
        analyze();
        seed(tenant, CHUNK);
        assertEveryStatementProbesPerRow(tenant);
    }

    private void assertEveryStatementProbesPerRow(UUID tenant) {
        String[] keys = IntStream.range(0, CHUNK).mapToObj(i -> "P-" + (i + 1)).toArray(String[]::new);
        UUID run = UUID.randomUUID();
        assertProbes("key lookup", inTransaction(tenant, () -> {
            jdbc.execute(ChunkWriter.CREATE_TEMP);
            jdbc.update("""
                    INSERT INTO chunk_rows (row_number, ext_system, ext_id, attributes, content_hash, core_id, outcome)
                    SELECT i, 'crm', 'P-' || i, '{}', md5(i::text), gen_random_uuid(), 'inserted'
                      FROM generate_series(1, ?) i""", CHUNK);
            return explain(ChunkWriter.KEY_LOOKUP, run, run, tenant, tenant, "person");
        }));
        assertArrayScan("screen", inTransaction(tenant, () -> explain(UnchangedRows.SCREEN, tenant, "person", "crm", keys)));
        assertArrayScan("confirmation", inTransaction(tenant,
                () -> explain(UnchangedRows.CONFIRM, run, run, tenant, "person", "crm", keys)));
    }

    private void seed(UUID tenant, int keys) {
        JdbcTemplate schemaOwner = new JdbcTemplate(owner);
        schemaOwner.update("""
                INSERT INTO core_records (id, tenant_id, entity_type, attributes, content_hash, x_tenant_id)
                SELECT md5(?::text || i)::uuid, ?, 'person', '{}', md5(i::text), ? FROM generate_series(1, ?) i""",
                tenant, tenant, tenant, keys);
        schemaOwner.update("""
                INSERT INTO external_id_map (tenant_id, entity_type, external_system, external_id, core_id, source_hash, raw_hash)
                SELECT ?, 'person', 'crm', 'P-' || i, md5(?::text || i)::uuid, md5(i::text), md5('r' || i)
                  FROM generate_series(1, ?) i""", tenant, tenant, keys);
    }

    private void analyze() {
        JdbcTemplate schemaOwner = new JdbcTemplate(owner);
        schemaOwner.execute("ANALYZE core_records");
        schemaOwner.execute("ANALYZE external_id_map");
    }

    /** In the tenant's scope and a transaction that is rolled back: EXPLAIN ANALYZE of an UPDATE runs it. */
    private List<String> inTransaction(UUID tenant, java.util.function.Supplier<List<String>> work) {
        return TenantScope.call(tenant, () -> tx.execute(status -> {
            List<String> plan = work.get();
            status.setRollbackOnly();
            return plan;
        }));
    }

    private List<String> explain(String sql, Object... args) {
        return jdbc.queryForList("EXPLAIN (ANALYZE, TIMING OFF, COSTS OFF) " + sql, String.class, args);
    }

    /** No scan of a large table; the chunk's own rows (or keys) read once; the key index probed once per row. */
    private static void assertProbes(String statement, List<String> plan) {
        String text = String.join("\n", plan);
        assertThat(text).as(statement + ":\n" + text)
                .doesNotContain("Seq Scan on external_id_map").doesNotContain("Seq Scan on core_records");
        for (String line : plan) {
            if (line.contains("on chunk_rows") || line.contains("Function Scan on u")) {
                assertThat(loops(line)).as(statement + ", the chunk read once:\n" + text).isEqualTo(1);
            }
            if (line.contains("external_id_map_pkey")) {
                assertThat(loops(line)).as(statement + ", a probe per row:\n" + text).isEqualTo(CHUNK);
            }
        }
        assertThat(text).as(statement + ":\n" + text).contains("external_id_map_pkey");
    }

    /** The key index scanned once, with the chunk's keys as its array condition; no scan of a large table. */
    private static void assertArrayScan(String statement, List<String> plan) {
        String text = String.join("\n", plan);
        assertThat(text).as(statement + ":\n" + text)
                .doesNotContain("Seq Scan on external_id_map").doesNotContain("Seq Scan on core_records")
                .containsPattern("Index Cond: .*external_id = ANY");
        for (int i = 0; i < plan.size(); i++) {
            if (plan.get(i).contains("external_id_map_pkey")) {
                assertThat(loops(plan.get(i))).as(statement + ", one index scan:\n" + text).isEqualTo(1);
            }
        }
    }

    private static long loops(String line) {
        Matcher m = LOOPS.matcher(line);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
