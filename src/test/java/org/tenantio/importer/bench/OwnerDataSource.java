package org.tenantio.importer.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The login pool as the schema owner: its connections keep the role the tenant-bound pool last
 * set on them, so each one handed out here is reset to the login role first.
 */
final class OwnerDataSource extends DelegatingDataSource {

    OwnerDataSource(DataSource login) {
        super(login);
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection con = super.getConnection();
        try (Statement st = con.createStatement()) {
            st.execute("RESET ROLE");
        }
        return con;
    }
}
