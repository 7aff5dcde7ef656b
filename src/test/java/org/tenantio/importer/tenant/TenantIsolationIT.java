package org.tenantio.importer.tenant;

import org.tenantio.importer.system.TenantScope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.tenantio.importer.support.ApiIntegrationTest;
import org.tenantio.importer.support.TestTenants.TestTenant;

/** Row-level security: what the application's own connections can see with a tenant filter forgotten. */
class TenantIsolationIT extends ApiIntegrationTest {

    private TestTenant other;
    private List<String> tenantTables;

    @BeforeEach
    void twoTenantsWithData() {
        other = tenants.create("isolation-other");
        api.importCsv("volunteers", tenant.adminKey(), "external_id,first_name,last_name,email\na1,Ada,Lovelace,ada@example.org\n");
        api.importCsv("volunteers", other.adminKey(), "external_id,first_name,last_name,email\nb1,Bo,Other,bo@example.org\n"
                + "b2,Cy,Other,not-an-email\n");
        tenantTables = jdbc.queryForList("""
                SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
                JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' WHERE c.relkind = 'r' ORDER BY 1""",
                String.class);
    }

    @Test
    void everyTenantTableHasRowLevelSecurityWithATenantPolicy() {
        assertThat(tenantTables).contains("core_records", "runs", "staging_rows", "dq_violations", "audit_log",
                "pipelines", "api_keys", "external_id_map", "change_log");
        for (String table : tenantTables) {
            assertThat(jdbc.queryForObject("SELECT relrowsecurity FROM pg_class WHERE relname = ?", Boolean.class, table))
                    .as(table).isTrue();
            assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_policies WHERE tablename = ? AND policyname = 'tenant_isolation'",
                    Long.class, table)).as(table).isEqualTo(1);
        }
    }

    @Test
    void aQueryWithoutItsTenantFilterSeesOnlyTheScopedTenant() {
        for (String table : tenantTables) {
            String sql = "SELECT count(*) FROM " + table + " WHERE tenant_id IS DISTINCT FROM ?";
            long foreign = TenantScope.call(tenant.id(), () -> jdbc.queryForObject(sql, Long.class, tenant.id()));
            assertThat(foreign).as("rows of other tenants visible in " + table).isZero();
        }
        // the same unfiltered query, once per tenant: each sees its own rows only
        String unfiltered = "SELECT string_agg(attributes ->> 'first_name', ',' ORDER BY 1) FROM core_records";
        assertThat(TenantScope.call(tenant.id(), () -> jdbc.queryForObject(unfiltered, String.class))).isEqualTo("Ada");
        assertThat(TenantScope.call(other.id(), () -> jdbc.queryForObject(unfiltered, String.class))).isEqualTo("Bo");
        // system scope (the schema owner) sees both, which is how we know the rows are there
        assertThat(jdbc.queryForObject("SELECT count(*) FROM core_records WHERE tenant_id IN (?, ?)", Long.class,
                tenant.id(), other.id())).isEqualTo(2);
    }

    @Test
    void aConnectionInNoTenantScopeSeesNothingAndWritesNothing() {
        TenantScope.clear();
        try {
            for (String table : tenantTables) {
                assertThat(jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class)).as(table).isZero();
            }
            assertThatThrownBy(() -> jdbc.update("INSERT INTO reference_codes (tenant_id, code_type, code) VALUES (?, 'org', 'X')",
                    tenant.id())).isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("row-level security");
        } finally {
            TenantScope.enterSystem();
        }
    }

    @Test
    void aTenantCannotWriteRowsForAnotherTenant() {
        assertThatThrownBy(() -> TenantScope.run(tenant.id(), () -> jdbc.update(
                "INSERT INTO reference_codes (tenant_id, code_type, code) VALUES (?, 'org', 'X')", other.id())))
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("row-level security");
        int moved = TenantScope.call(tenant.id(), () -> jdbc.update(
                "UPDATE core_records SET attributes = '{}' WHERE tenant_id = ?", other.id()));
        assertThat(moved).isZero();
    }

    @Test
    void theAuditTrailIsAppendOnlyForTheApplication() {
        long before = jdbc.queryForObject("SELECT count(*) FROM audit_log WHERE tenant_id = ?", Long.class, tenant.id());
        assertThat(before).isPositive();
        assertThatThrownBy(() -> TenantScope.run(tenant.id(), () -> jdbc.update("UPDATE audit_log SET action = 'x'")))
                .rootCause().hasMessageContaining("permission denied");
        assertThatThrownBy(() -> TenantScope.run(tenant.id(), () -> jdbc.update("DELETE FROM audit_log")))
                .rootCause().hasMessageContaining("permission denied");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_log WHERE tenant_id = ? AND action <> 'x'", Long.class,
                tenant.id())).isEqualTo(before);
    }
}
