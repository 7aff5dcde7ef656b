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

/**
 * Two views of one pool: the login pool (the schema owner: Flyway, and work that spans tenants by
 * design) and the application's DataSource, whose connections are bound to the thread's tenant
 * and run as the row-level-secured application role. Everything injected with a DataSource or a
 * JdbcTemplate gets the bound one.
 */
@Configuration(proxyBeanMethods = false)
public class DatabaseConfiguration {

    public static final String LOGIN = "loginDataSource";

    @Bean
    @Primary
    DataSource dataSource(@Qualifier(LOGIN) DataSource login) {
        return new TenantBoundDataSource(login);
    }

    /** An external PostgreSQL named by spring.datasource.url (and user, password). */
    @Bean(name = LOGIN, destroyMethod = "close")
    @FlywayDataSource
    @ConditionalOnExpression("!'${spring.datasource.url:}'.isEmpty()")
    DataSource externalLoginDataSource(DataSourceProperties properties,
            @Value("${spring.datasource.hikari.maximum-pool-size:10}") int poolSize) {
        HikariDataSource pool = properties.initializeDataSourceBuilder().type(HikariDataSource.class).build();
        pool.setMaximumPoolSize(poolSize);
        pool.setPoolName("importer");
        return pool;
    }
}
