package org.tenantio.importer.system;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.tenantio.importer.system.TenantScope;

/**
 * Hands out connections bound to the thread's {@link TenantScope}: each checkout switches to the
 * application role, which row-level security applies to, and sets {@code importer.tenant_id}, which
 * the policies compare every row's tenant_id with. A transaction keeps its connection, so the
 * tenant is fixed per transaction. Outside any scope the tenant is empty and every policy is false.
 */
public class TenantBoundDataSource extends DelegatingDataSource {

    public static final String APP_ROLE = "importer_app";
    private static final String BIND = "SELECT set_config('role', ?, false), set_config('importer.tenant_id', ?, false)";

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
            // 'none' returns to the login role: the schema owner, which the policies do not bind.
            bind.setString(1, system ? "none" : APP_ROLE);
            bind.setString(2, system ? "" : TenantScope.current().map(Object::toString).orElse(""));
            bind.execute();
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }
}
