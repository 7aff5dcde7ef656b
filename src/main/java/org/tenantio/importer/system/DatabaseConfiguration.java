package org.tenantio.importer.system;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.flyway.FlywayDataSource;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * Two roles, two ways in. The login pool connects as the application role (no superuser, no
 * BYPASSRLS) and the application's DataSource wraps it, binding every connection to the thread's
 * tenant; everything injected with a DataSource or a JdbcTemplate gets the bound one. Flyway alone
 * connects as the schema owner ({@code spring.flyway.user}/{@code password}, or the embedded
 * server's owner), for the duration of the migration.
 */
@Configuration(proxyBeanMethods = false)
public class DatabaseConfiguration {

    public static final String LOGIN = "loginDataSource";
    public static final String MIGRATION = "migrationDataSource";

    /**
     * Set on every pooled connection. The import's chunk statements join temporary tables the
     * planner has no statistics for, so their estimated cost passes the JIT thresholds of a server
     * built with LLVM (Debian's is): on PostgreSQL 15 that compiled for about a second per chunk
     * statement whose real work took milliseconds (11 s of a quiet 100,000-row benchmark, docs/benchmarks.md).
     * A chunk's sorts (its match keys, 35,000 a chunk) spill to disk under the 4 MB default.
     */
    static final String SESSION_SETTINGS = "SELECT set_config('jit', 'off', false), set_config('work_mem', '32MB', false)";

    @Bean
    @Primary
    DataSource dataSource(@Qualifier(LOGIN) DataSource login) {
        return new TenantBoundDataSource(login);
    }

    /** An external PostgreSQL named by spring.datasource.url (and user, password): the application role's login. */
    @Bean(name = LOGIN, destroyMethod = "close")
    @ConditionalOnExpression("!'${spring.datasource.url:}'.isEmpty()")
    DataSource externalLoginDataSource(DataSourceProperties properties,
            @Value("${spring.datasource.hikari.maximum-pool-size:10}") int poolSize) {
        HikariDataSource pool = properties.initializeDataSourceBuilder().type(HikariDataSource.class).build();
        pool.setMaximumPoolSize(poolSize);
        pool.setPoolName("importer");
        pool.setConnectionInitSql(SESSION_SETTINGS);
        return pool;
    }

    /**
     * The schema owner on an external PostgreSQL, for Flyway only: {@code spring.flyway.user} and
     * {@code password} (and {@code url}) when set, else the application's own login, as before roles
     * were separated (reported at start, see {@link DatabaseRoleCheck}).
     */
    @Bean(name = MIGRATION)
    @FlywayDataSource
    @ConditionalOnExpression("!'${spring.datasource.url:}'.isEmpty()")
    DataSource externalMigrationDataSource(DataSourceProperties properties,
            @Value("${spring.flyway.url:}") String url,
            @Value("${spring.flyway.user:}") String user,
            @Value("${spring.flyway.password:}") String password) {
        boolean owner = !user.isBlank();
        return new SimpleDriverDataSource(new org.postgresql.Driver(), url.isBlank() ? properties.determineUrl() : url,
                owner ? user : properties.determineUsername(), owner ? password : properties.determinePassword());
    }
}
