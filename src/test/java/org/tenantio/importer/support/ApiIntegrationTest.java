package org.tenantio.importer.support;

import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.tenantio.importer.support.TestTenants.TestTenant;

/** An integration test that talks to the running service over HTTP, as a tenant of its own. */
@IntegrationTest
public abstract class ApiIntegrationTest {

    @LocalServerPort
    protected int port;
    @Autowired
    protected TestTenants tenants;
    @Autowired
    protected JdbcTemplate jdbc;

    protected Api api;
    protected TestTenant tenant;

    @BeforeEach
    void connectAsANewTenant() {
        api = new Api(port);
        tenant = tenants.create(getClass().getSimpleName().replace("IT", "").toLowerCase(Locale.ROOT));
    }
}
