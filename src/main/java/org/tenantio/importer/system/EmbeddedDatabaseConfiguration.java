package org.tenantio.importer.system;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.flyway.FlywayDataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The default database: a real PostgreSQL started from Maven Central binaries, its data kept
 * under {@code data/pg} so a restart keeps the data. Setting {@code SPRING_DATASOURCE_URL}
 * switches this off and Spring Boot's own DataSource takes over.
 *
 * <p>Two roles: the server's bootstrap superuser owns the schema and is used by Flyway only; the
 * application logs in as {@code importer_app}, created here without superuser or BYPASSRLS rights.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
public class EmbeddedDatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);
    static final String OWNER = "postgres";

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(
            @Value("${importer.embedded-db.dir:data/pg}") Path dataDir,
            @Value("${importer.embedded-db.port:0}") int port,
            @Value("${importer.embedded-db.shared-buffers:512MB}") String sharedBuffers,
            InstallationSecrets secrets) throws IOException {
        if (!sharedBuffers.matches("\\d{1,6}(kB|MB|GB)?")) {
            throw new IllegalStateException("importer.embedded-db.shared-buffers must be a size such as 512MB, not '"
                    + sharedBuffers + "'");
        }
        Path dir = dataDir.toAbsolutePath().normalize();
        Files.createDirectories(dir);
        OrphanedPostgres.stopIfRunning(dir);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setServerConfig("max_connections", "60")
                // The library starts the server with -F (fsync off) and synchronous_commit=off, which
                // lose committed data on a crash of the machine: not acceptable for a data service.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                // Bulk-load settings (docs/benchmarks.md): chunk transactions write megabytes of
                // WAL each; fewer, later checkpoints and room for the key indexes in memory (a
                // million people's match keys and their index are ~800 MB; the server touches its
                // buffers as it uses them, so a small tenant costs no more memory for this).
                .setServerConfig("shared_buffers", sharedBuffers)
                .setServerConfig("wal_buffers", "16MB")
                .setServerConfig("max_wal_size", "4GB")
                .setServerConfig("checkpoint_timeout", "15min")
                .setServerConfig("work_mem", "32MB");
        if (port > 0) {
            builder.setPort(port);
        }
        EmbeddedPostgres pg = builder.start();
        createApplicationRole(pg, secrets);
        log.info("Embedded PostgreSQL on port {} with data in {}", pg.getPort(), dir);
        return pg;
    }

    /** The application's login role: created (or, on a data folder from an older version, stripped) every start. */
    private static void createApplicationRole(EmbeddedPostgres pg, InstallationSecrets secrets) {
        JdbcTemplate owner = new JdbcTemplate(pg.getPostgresDatabase());
        String role = TenantBoundDataSource.APP_ROLE;
        owner.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + role + "') THEN "
                + "CREATE ROLE " + role + " LOGIN; END IF; END $$");
        String password = HexFormat.of().formatHex(secrets.get("database-app-password", null));
        owner.execute(owner.queryForObject("SELECT format('ALTER ROLE %I LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB "
                + "NOCREATEROLE NOREPLICATION INHERIT PASSWORD %L', ?::text, ?::text)", String.class, role, password));
    }

    /** The schema owner, for Flyway's migrations only; no pool, nothing else holds it. */
    @Bean(name = DatabaseConfiguration.MIGRATION)
    @FlywayDataSource
    DataSource migrationDataSource(EmbeddedPostgres pg) {
        return new org.springframework.jdbc.datasource.SimpleDriverDataSource(new org.postgresql.Driver(),
                pg.getJdbcUrl(OWNER, "postgres"), OWNER, "");
    }

    /** The application's login pool, as importer_app; its connections are bound to a tenant by {@link TenantBoundDataSource}. */
    @Bean(name = DatabaseConfiguration.LOGIN, destroyMethod = "close")
    DataSource loginDataSource(EmbeddedPostgres pg, InstallationSecrets secrets,
            @Value("${spring.datasource.hikari.maximum-pool-size:10}") int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(pg.getJdbcUrl(TenantBoundDataSource.APP_ROLE, "postgres"));
        config.setUsername(TenantBoundDataSource.APP_ROLE);
        config.setPassword(HexFormat.of().formatHex(secrets.get("database-app-password", null)));
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("importer");
        config.setConnectionInitSql(DatabaseConfiguration.SESSION_SETTINGS);
        return new HikariDataSource(config);
    }
}
