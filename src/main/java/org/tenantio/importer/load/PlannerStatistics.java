package org.tenantio.importer.load;

import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.tenantio.importer.system.DatabaseConfiguration;

/**
 * Keeps the planner's picture of the core tables current while a large run fills them.
 * Without it the statistics predate the tenant's rows, the planner takes (tenant, entity)
 * for a handful of rows, and the set-based upserts turn quadratic.
 * <ul>
 * <li>When: each time a run crosses 10k, 20k, 40k, ... rows, a table is analysed only if it grew
 *     by half since its last statistics (relative growth): a first import of a million rows
 *     refreshes about seven times, a 100,000-row run into a core of millions not at all.</li>
 * <li>What: only the key columns the load's joins are planned on; the jsonb attributes, whose
 *     statistics cost most of an ANALYZE (every sampled value detoasted), are never filtered on.</li>
 * <li>Who: the schema owner's connection. PostgreSQL before 17 lets only the owner ANALYZE: on
 *     an external PostgreSQL 15 the application role's ANALYZE was silently skipped.</li>
 * </ul>
 */
@Component
public class PlannerStatistics {

    static final long FIRST_THRESHOLD = 10_000;
    static final double GROWTH = 0.5;

    /** Table, then the columns the load's joins and lookups are planned on. */
    private static final List<String> KEY_COLUMNS = List.of(
            "core_records (id, tenant_id, entity_type, merged_into)",
            "external_id_map (tenant_id, entity_type, external_system, external_id, core_id)",
            "match_keys (tenant_id, entity_type, key_type, key_value, core_id)");

    private final JdbcTemplate owner;

    public PlannerStatistics(@Qualifier(DatabaseConfiguration.LOGIN) DataSource login) {
        this.owner = new JdbcTemplate(login);
    }

    /** Called after a chunk moved a run's written-row total from {@code before} to {@code after}. */
    public void refreshIfGrown(long before, long after) {
        if (!crossesThreshold(before, after)) {
            return;
        }
        for (String table : KEY_COLUMNS) {
            String name = table.substring(0, table.indexOf(' '));
            Boolean grown = owner.queryForObject("""
                    SELECT c.reltuples < 0 OR s.n_mod_since_analyze >= ? * GREATEST(c.reltuples, 1)
                      FROM pg_class c JOIN pg_stat_user_tables s ON s.relid = c.oid
                     WHERE c.oid = to_regclass(?)""", Boolean.class, GROWTH, name);
            if (Boolean.TRUE.equals(grown)) {
                owner.execute("ANALYZE " + table);
            }
        }
    }

    static boolean crossesThreshold(long before, long after) {
        for (long t = FIRST_THRESHOLD; t <= after; t *= 2) {
            if (before < t) {
                return true;
            }
        }
        return false;
    }
}
