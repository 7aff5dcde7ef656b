package org.tenantio.importer.system;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.flyway.FlywayDataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The default database: a real PostgreSQL started from Maven Central binaries, its data kept
 * under {@code data/pg} so a restart keeps the data. Setting {@code SPRING_DATASOURCE_URL}
 * switches this off and Spring Boot's own DataSource takes over.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
public class EmbeddedDatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(
            @Value("${importer.embedded-db.dir:data/pg}") Path dataDir,
            @Value("${importer.embedded-db.port:0}") int port) throws IOException {
        Path dir = dataDir.toAbsolutePath().normalize();
        Files.createDirectories(dir);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setServerConfig("max_connections", "60")
                // The library defaults to synchronous_commit=off, which can lose the last commits
                // on a crash: not acceptable for the default database of a data service.
                .setServerConfig("synchronous_commit", "on")
                // Bulk-load settings (docs/benchmarks.md): chunk transactions write megabytes of
                // WAL each; fewer, later checkpoints and room for the key indexes in memory.
                .setServerConfig("shared_buffers", "256MB")
                .setServerConfig("wal_buffers", "16MB")
                .setServerConfig("max_wal_size", "4GB")
                .setServerConfig("checkpoint_timeout", "15min")
                .setServerConfig("work_mem", "32MB");
        if (port > 0) {
            builder.setPort(port);
        }
        EmbeddedPostgres pg = builder.start();
        log.info("Embedded PostgreSQL on port {} with data in {}", pg.getPort(), dir);
        return pg;
    }

    /** The login connection pool: schema owner, used by Flyway; the application's connections wrap it. */
    @Bean(name = DatabaseConfiguration.LOGIN, destroyMethod = "close")
    @FlywayDataSource
    DataSource loginDataSource(EmbeddedPostgres pg,
            @Value("${spring.datasource.hikari.maximum-pool-size:10}") int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(pg.getJdbcUrl("postgres", "postgres"));
        config.setUsername("postgres");
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("importer");
        return new HikariDataSource(config);
    }
}
