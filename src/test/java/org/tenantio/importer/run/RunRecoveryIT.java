package org.tenantio.importer.run;

import org.tenantio.importer.importing.RunRecovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.tenantio.importer.intake.ArchivedFile;
import org.tenantio.importer.intake.IntakeArchive;
import org.tenantio.importer.support.Api;
import org.tenantio.importer.support.IntegrationTest;
import org.tenantio.importer.support.TestTenants;
import org.tenantio.importer.support.TestTenants.TestTenant;

/** Runs a stopped process left behind: mid-way ones are failed and rolled back, queued ones run. */
@IntegrationTest
class RunRecoveryIT {

    @LocalServerPort
    int port;
    @Autowired
    TestTenants tenants;
    @Autowired
    RunRepository runs;
    @Autowired
    RunRecovery recovery;
    @Autowired
    IntakeArchive archive;
    @Autowired
    CamelContext camel;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aRunLeftRunningIsFailedAndRolledBackAndAQueuedRunIsProcessed() {
        TestTenant tenant = tenants.create("recovery");
        UUID pipeline = jdbc.queryForObject("SELECT id FROM pipelines WHERE tenant_id = ?", UUID.class, tenant.id());
        ArchivedFile file = archive.store(tenant.code(), "volunteers", "r.csv", new ByteArrayInputStream(
                "first_name,last_name,email\nAda,Lovelace,ada@example.org\n".getBytes(StandardCharsets.UTF_8)));
        UUID stuck = runs.create(new NewRun(tenant.id(), pipeline, "upload", "test", "r.csv", file.ref(), file.sha256(),
                file.sizeBytes(), false));
        runs.transition(stuck, RunStatus.VALIDATING, null);
        runs.transition(stuck, RunStatus.RUNNING, null);
        UUID half = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO core_records (id, tenant_id, entity_type, attributes, content_hash, x_tenant_id, x_run_id)
                VALUES (?, ?, 'person', '{}', 'h', ?, ?)""", half, tenant.id(), tenant.id(), stuck);
        jdbc.update("INSERT INTO change_log (tenant_id, run_id, core_id, operation) VALUES (?, ?, ?, 'insert')",
                tenant.id(), stuck, half);
        UUID waiting = runs.create(new NewRun(tenant.id(), pipeline, "upload", "test", "r.csv", file.ref(), file.sha256(),
                file.sizeBytes(), false));

        recovery.afterApplicationStart(camel);

        Api api = new Api(port);
        JsonNode failed = api.awaitRun(stuck.toString(), tenant.adminKey());
        assertThat(failed.get("status").asText()).isEqualTo("rolled_back");
        assertThat(failed.get("error").get("code").asText()).isEqualTo("interrupted");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM core_records WHERE id = ?", Long.class, half)).isZero();
        JsonNode ran = api.awaitRun(waiting.toString(), tenant.adminKey());
        assertThat(ran.get("status").asText()).isEqualTo("completed");
        assertThat(ran.get("counts").get("inserted").asLong()).isEqualTo(1);
    }
}
