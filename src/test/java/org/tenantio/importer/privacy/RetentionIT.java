package org.tenantio.importer.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import org.tenantio.importer.audit.AuditLog;
import org.tenantio.importer.intake.IntakeArchive;
import org.tenantio.importer.support.ApiIntegrationTest;
import org.tenantio.importer.support.IdentityFixtures;
import org.tenantio.importer.support.TestFolders;

/** Retention: what is past its period goes, in batches, audited; the run keeps its counts and refuses a rollback. */
class RetentionIT extends ApiIntegrationTest {

    static final String ROWS = IdentityFixtures.HEADER
            + "T-1,Old,Row,old.row@example.org,,,,London,,,GB\n"
            + "T-2,Bad,Row,not-an-email,,,,London,,,GB\n"
            + "T-3,Third,Row,third.row@example.org,,,,London,,,GB\n";

    @Autowired
    TransactionTemplate tx;
    @Autowired
    IntakeArchive archive;
    @Autowired
    AuditLog audit;
    @Autowired
    RetentionPurge configured;
    @Autowired
    RetentionProperties properties;

    private long count(String table, String runId) {
        return jdbc.queryForObject("SELECT count(*) FROM " + table + " WHERE run_id = ?::uuid", Long.class, runId);
    }

    @Test
    void defaultsAreThoseOfTheRequirementsAndTheJobIsAClusteredQuartzTrigger() {
        assertThat(properties.stagingRows()).hasDays(90);
        assertThat(properties.quarantine()).hasDays(90);
        assertThat(properties.runLogs()).hasDays(90);
        assertThat(properties.archivedInputs()).hasDays(365);
        assertThat(properties.events()).hasDays(365);
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM qrtz_triggers t JOIN qrtz_cron_triggers c USING (sched_name, trigger_name, trigger_group)
                 WHERE t.trigger_group = 'privacy' AND t.trigger_name = 'retention'""", Long.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM qrtz_scheduler_state", Long.class)).isPositive();
    }

    @Test
    void aPurgeRemovesWhatIsDueInBatchesAuditsItAndThePurgedRunKeepsItsCountsButRefusesRollback() {
        JsonNode old = api.importCsv("volunteers", tenant.adminKey(), ROWS);
        JsonNode fresh = api.importCsv("volunteers", tenant.adminKey(), ROWS.replace("T-", "F-"));
        String oldId = old.get("id").asText();
        String freshId = fresh.get("id").asText();
        jdbc.update("UPDATE runs SET completed_at = now() - interval '91 days', created_at = now() - interval '400 days'"
                + " WHERE id = ?::uuid", oldId);
        jdbc.update("UPDATE dq_violations SET created_at = now() - interval '91 days' WHERE run_id = ?::uuid", oldId);
        jdbc.update("UPDATE run_log SET created_at = now() - interval '91 days' WHERE run_id = ?::uuid", oldId);
        long logLines = count("run_log", oldId);
        Path oldFile = TestFolders.archive().resolve(old.get("inputRef").asText());
        Path freshFile = TestFolders.archive().resolve(fresh.get("inputRef").asText());
        assertThat(oldFile).exists();
        // Batches of one row: every batch is its own transaction, and the loop must still finish.
        RetentionPurge purge = new RetentionPurge(jdbc, tx, new RetentionProperties(null, null, null, null, null, 1, null),
                archive, audit, Clock.systemUTC());

        Map<String, Long> purged = purge.purgeDue().get(tenant.id());

        assertThat(purged).containsEntry("staging_rows", 3L).containsEntry("quarantine", 1L)
                .containsEntry("run_log_lines", logLines).containsEntry("archived_inputs", 1L).containsEntry("runs", 1L);
        assertThat(purged.get("change_log")).isEqualTo(2L);
        assertThat(count("staging_rows", oldId)).isZero();
        assertThat(count("change_log", oldId)).isZero();
        assertThat(count("dq_violations", oldId)).isZero();
        assertThat(count("run_log", oldId)).isZero();
        assertThat(Files.exists(oldFile)).isFalse();
        assertThat(count("staging_rows", freshId)).isEqualTo(3);
        assertThat(count("dq_violations", freshId)).isEqualTo(1);
        assertThat(freshFile).exists();
        Map<String, Object> entry = jdbc.queryForMap("""
                SELECT actor, after ->> 'staging_rows' AS staging FROM audit_log WHERE tenant_id = ? AND action = 'retention.purged'""",
                tenant.id());
        assertThat(entry.get("actor")).isEqualTo("system:retention");
        assertThat(entry.get("staging")).isEqualTo("3");

        JsonNode after = api.get("/api/v1/runs/" + oldId, tenant.adminKey()).json();
        assertThat(after.get("counts")).isEqualTo(old.get("counts"));
        JsonNode refused = api.send("POST", "/api/v1/runs/" + oldId + "/rollback", tenant.adminKey(), "").json();
        assertThat(refused.get("error").get("code").asText()).isEqualTo("run_purged");
        assertThat(api.send("POST", "/api/v1/runs/" + freshId + "/rollback", tenant.adminKey(), "").status()).isEqualTo(200);

        // Nothing more is due: a second purge finds nothing of this tenant.
        assertThat(configured.purgeDue()).doesNotContainKey(tenant.id());
    }

    @Test
    void negativePeriodsAreRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RetentionProperties(java.time.Duration.ofDays(-1),
                null, null, null, null, 0, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
