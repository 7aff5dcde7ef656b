package org.tenantio.importer.privacy;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.tenantio.importer.system.Refusal;

/** Refuses what needs a run's purged rows: a rollback after retention has removed its journal. */
@Component
public class PurgedRuns {

    private final JdbcTemplate jdbc;

    public PurgedRuns(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void refuseRollbackIfPurged(UUID tenantId, UUID runId) {
        List<OffsetDateTime> purged = jdbc.queryForList("SELECT rows_purged_at FROM runs WHERE tenant_id = ? AND id = ?",
                OffsetDateTime.class, tenantId, runId);
        if (!purged.isEmpty() && purged.get(0) != null) {
            throw new Refusal(409, "run_purged", "The run's staging rows and rollback journal were purged on "
                    + purged.get(0).toLocalDate() + " (retention); its counts remain, but it can no longer be rolled back");
        }
    }
}
