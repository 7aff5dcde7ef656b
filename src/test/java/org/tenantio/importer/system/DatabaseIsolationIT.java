package org.tenantio.importer.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.tenantio.importer.support.ApiIntegrationTest;
import org.tenantio.importer.support.TestTenants.TestTenant;
import org.tenantio.importer.system.TenantScope;

/**
 * The database itself keeps tenants apart: the application's own connections belong to a role
 * that is no superuser and cannot bypass row-level security, so nothing said on such a connection
 * (RESET ROLE, SET ROLE, RESET ALL) reaches another tenant's rows, and the audit trail cannot be
 * rewritten even by the schema owner.
 */
class DatabaseIsolationIT extends ApiIntegrationTest {

    @Autowired
    DataSource dataSource;
    @Autowired
    @Qualifier(DatabaseConfiguration.MIGRATION)
    DataSource migration;
    @Autowired
    DatabaseRoleCheck roles;

    private TestTenant other;

    @BeforeEach
    void twoTenantsWithPeople() {
        other = tenants.create("isolation-db-peer");
        api.importCsv("volunteers", tenant.adminKey(), "external_id,first_name,last_name,email\na1,Ada,Lovelace,ada@example.org\n");
        api.importCsv("volunteers", other.adminKey(), "external_id,first_name,last_name,email\nb1,Bo,Other,bo@example.org\n"
                + "b2,Cy,Other,cy@example.org\n");
    }

    @Test
    void theApplicationLogsInAsARoleWithoutSuperuserOrBypassRls() {
        DatabaseRoleCheck.LoginRole role = roles.loginRole();
        assertThat(role.name()).isEqualTo(TenantBoundDataSource.APP_ROLE);
        assertThat(role.superuser()).isFalse();
        assertThat(role.bypassRls()).isFalse();
        assertThat(role.owner()).isFalse();
        assertThat(role.privileged()).isFalse();
    }

    @Test
    void resetRoleOnTheApplicationsOwnConnectionStillSeesOnlyItsTenant() throws SQLException {
        TenantScope.enter(tenant.id());
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("RESET ROLE");
            assertThat(one(st, "SELECT current_user")).isEqualTo(TenantBoundDataSource.APP_ROLE);
            assertThat(one(st, "SELECT rolsuper::text || rolbypassrls::text FROM pg_roles WHERE rolname = session_user"))
                    .isEqualTo("falsefalse");
            assertThat(one(st, "SELECT string_agg(attributes ->> 'first_name', ',') FROM core_records")).isEqualTo("Ada");
            assertThat(one(st, "SELECT count(*) FROM core_records WHERE tenant_id = '" + other.id() + "'")).isEqualTo("0");
            assertThat(st.executeUpdate("UPDATE core_records SET attributes = '{}' WHERE tenant_id = '" + other.id() + "'"))
                    .isZero();

            st.execute("RESET ALL");
            assertThat(one(st, "SELECT count(*) FROM core_records")).as("no tenant set: nothing").isEqualTo("0");
            assertThatThrownBy(() -> st.execute("SET ROLE " + EmbeddedDatabaseConfiguration.OWNER))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> st.execute("SET SESSION AUTHORIZATION " + EmbeddedDatabaseConfiguration.OWNER))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> st.execute("ALTER TABLE core_records DISABLE ROW LEVEL SECURITY"))
                    .hasMessageContaining("must be owner");
        } finally {
            TenantScope.enterSystem();
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM core_records WHERE tenant_id = ? AND attributes = '{}'::jsonb",
                Long.class, other.id())).isZero();
    }

    @Test
    void everyTenantTablesPolicyIsForced() {
        List<String> tables = jdbc.queryForList("""
                SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
                JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
                WHERE c.relkind IN ('r', 'p') AND NOT c.relforcerowsecurity""", String.class);
        assertThat(tables).as("tenant tables whose policy the owner escapes").isEmpty();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = ?",
                Long.class, TenantBoundDataSource.APP_ROLE)).as("tables the application role owns").isZero();
    }

    @Test
    void theAuditLogRejectsUpdateAndDeleteEvenForTheOwner() {
        JdbcTemplate owner = new JdbcTemplate(migration);
        assertThat(owner.queryForObject("SELECT rolsuper FROM pg_roles WHERE rolname = current_user", Boolean.class)).isTrue();
        long before = owner.queryForObject("SELECT count(*) FROM audit_log WHERE tenant_id = ?", Long.class, tenant.id());
        assertThat(before).isPositive();

        assertThatThrownBy(() -> owner.update("UPDATE audit_log SET action = 'forged' WHERE tenant_id = ?", tenant.id()))
                .rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> owner.update("DELETE FROM audit_log WHERE tenant_id = ?", tenant.id()))
                .rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> owner.execute("TRUNCATE audit_log")).rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.update("DELETE FROM audit_log WHERE tenant_id = ?", tenant.id()))
                .rootCause().hasMessageContaining("permission denied");

        // Erasure may blank details (and only that): a forged detail is refused, for the app and the owner alike.
        assertThatThrownBy(() -> jdbc.update("UPDATE audit_log SET after = '{\"role\": \"admin\"}'::jsonb WHERE tenant_id = ?",
                tenant.id())).rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> owner.update("UPDATE audit_log SET after = '{}'::jsonb WHERE tenant_id = ? AND after IS NOT NULL",
                tenant.id())).rootCause().hasMessageContaining("append-only");
        assertThat(jdbc.update("""
                UPDATE audit_log SET after = '{"redacted": "erasure"}'::jsonb WHERE tenant_id = ? AND after IS NOT NULL""",
                tenant.id())).isPositive();
        assertThat(owner.queryForObject("SELECT count(*) FROM audit_log WHERE tenant_id = ? AND action = 'forged'",
                Long.class, tenant.id())).isZero();
        assertThat(owner.queryForObject("SELECT count(*) FROM audit_log WHERE tenant_id = ?", Long.class, tenant.id()))
                .isEqualTo(before);
    }

    @Test
    void theEmbeddedServerSyncsCommitsToDisk() {
        assertThat(jdbc.queryForObject("SHOW fsync", String.class)).isEqualTo("on");
        assertThat(jdbc.queryForObject("SHOW synchronous_commit", String.class)).isEqualTo("on");
    }

    private static String one(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
