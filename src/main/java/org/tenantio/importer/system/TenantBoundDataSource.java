package org.tenantio.importer.system;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.tenantio.importer.system.TenantScope;

/**
 * Hands out connections bound to the thread's {@link TenantScope}: each checkout sets
 * {@code importer.tenant_id}, which the row-level policies compare every row's tenant_id with, and
 * {@code importer.scope}, which only work that spans tenants by design sets to {@code system}.
 * A transaction keeps its connection, so the tenant is fixed per transaction. Outside any scope the
 * tenant is empty and every policy is false.
 *
 * <p>The pool logs in as the application role itself (no superuser, no BYPASSRLS), so there is no
 * more privileged role for {@code RESET ROLE} to return to. The role is still set on checkout for
 * a login that is merely a member of it; such a login is reported at start by {@link DatabaseRoleCheck}.
 */
public class TenantBoundDataSource extends DelegatingDataSource {

    public static final String APP_ROLE = "importer_app";
    private static final String BIND = "SELECT set_config('role', '" + APP_ROLE + "', false),"
            + " set_config('importer.tenant_id', ?, false), set_config('importer.scope', ?, false)";

    public TenantBoundDataSource(DataSource login) {
        super(login);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return bind(obtainTargetDataSource().getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return bind(obtainTargetDataSource().getConnection(username, password));
    }

    private static Connection bind(Connection connection) throws SQLException {
        boolean system = TenantScope.isSystem();
        try (PreparedStatement bind = connection.prepareStatement(BIND)) {
            bind.setString(1, system ? "" : TenantScope.current().map(Object::toString).orElse(""));
            bind.setString(2, system ? "system" : "");
            bind.execute();
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }
}
