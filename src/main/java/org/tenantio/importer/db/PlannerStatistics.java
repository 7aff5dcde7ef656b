package org.tenantio.importer.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.ConnectionCallback;
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
 * <li>Who: the schema owner's connection (table names are constants of this class). PostgreSQL before 17 lets only the owner ANALYZE: on
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
            "match_keys (tenant_id, entity_type, key_hash, core_id)");

    private final JdbcTemplate owner;

    public PlannerStatistics(@Qualifier(DatabaseConfiguration.LOGIN) DataSource login) {
        this.owner = new JdbcTemplate(login);
    }

    /**
     * Called after a chunk moved a run's written-row total from {@code before} to {@code after};
     * returns the tables it analysed.
     */
    public List<String> refreshIfGrown(long before, long after) {
        if (!crossesThreshold(before, after)) {
            return List.of();
        }
        return owner.execute((ConnectionCallback<List<String>>) con -> {
            List<String> analysed = new java.util.ArrayList<>();
            try (Statement st = con.createStatement()) {
                // The login pool's connections keep the role the tenant-bound pool last set on them.
                st.execute("RESET ROLE");
                for (String table : KEY_COLUMNS) {
                    if (grown(st, table.substring(0, table.indexOf(' ')))) {
                        st.execute("ANALYZE " + table);
                        analysed.add(table.substring(0, table.indexOf(' ')));
                    }
                }
            }
            return analysed;
        });
    }

    private static boolean grown(Statement st, String table) throws SQLException {
        try (ResultSet rs = st.executeQuery("""
                SELECT c.reltuples < 0 OR s.n_mod_since_analyze >= %s * GREATEST(c.reltuples, 1)
                  FROM pg_class c JOIN pg_stat_user_tables s ON s.relid = c.oid
                 WHERE c.oid = '%s'::regclass""".formatted(GROWTH, table))) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    public static boolean crossesThreshold(long before, long after) {
        for (long t = FIRST_THRESHOLD; t <= after; t *= 2) {
            if (before < t) {
                return true;
            }
        }
        return false;
    }
}
