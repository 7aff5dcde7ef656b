package org.tenantio.importer.db;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps the planner's picture of the core tables current while a large run fills them.
 * Without it the statistics predate the tenant's rows, the planner takes (tenant, entity)
 * for a handful of rows, and the set-based upserts turn quadratic. Refreshing at doubling
 * thresholds costs about seven ANALYZEs for a million rows.
 */
@Component
public class PlannerStatistics {

    static final long FIRST_THRESHOLD = 10_000;

    private final JdbcTemplate jdbc;

    public PlannerStatistics(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Called after a chunk moved a run's written-row total from {@code before} to {@code after}. */
    public void refreshIfGrown(long before, long after) {
        if (crossesThreshold(before, after)) {
            jdbc.execute("ANALYZE core_records, external_id_map, match_keys");
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
