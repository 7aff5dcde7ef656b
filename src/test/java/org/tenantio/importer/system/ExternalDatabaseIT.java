package org.tenantio.importer.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.tenantio.importer.support.Api;
import org.tenantio.importer.support.TestFolders;

/**
 * With spring.datasource.url set (SPRING_DATASOURCE_URL in the environment) the service uses that
 * PostgreSQL, creates its schema there with Flyway, and starts no embedded database of its own.
 * The "external" server here is one this test starts itself, on loopback.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class ExternalDatabaseIT {

    static final String KEY = "imp_0123456789ab_external-database-test-key-00000000000000";
    static final EmbeddedPostgres EXTERNAL = start();
    static final Path FOLDERS = TestFolders.ROOT.resolve("external-db");

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    @org.springframework.beans.factory.annotation.Qualifier("loginDataSource")
    DataSource dataSource;
    @Autowired
    DatabaseRoleCheck roles;

    static EmbeddedPostgres start() {
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(TestFolders.ROOT.resolve("external-pg")).start();
            // What the operator creates (docs/operations.md): the application's login role, no superuser, no BYPASSRLS.
            new org.springframework.jdbc.core.JdbcTemplate(pg.getPostgresDatabase())
                    .execute("CREATE ROLE importer_app LOGIN PASSWORD 'app-secret'");
            return pg;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Files.createDirectories(FOLDERS);
        registry.add("spring.datasource.url", ExternalDatabaseIT::url);
        registry.add("spring.datasource.username", () -> "importer_app");
        registry.add("spring.datasource.password", () -> "app-secret");
        // Migrations as the owner, a separate user that only Flyway holds.
        registry.add("spring.flyway.user", () -> "postgres");
        registry.add("spring.flyway.password", () -> "");
        registry.add("importer.inbox", () -> FOLDERS.resolve("inbox").toString());
        registry.add("importer.archive", () -> FOLDERS.resolve("archive").toString());
        registry.add("importer.rejected", () -> FOLDERS.resolve("rejected").toString());
        registry.add("importer.bootstrap-api-key", () -> KEY);
        // Quartz keeps connection providers per scheduler name JVM-wide: this context's must not replace the main one's.
        registry.add("spring.quartz.scheduler-name", () -> "external-db-test");
    }

    /** The server and database only: the user comes from spring.datasource.username, as an operator would write it. */
    static String url() {
        return "jdbc:postgresql://localhost:" + EXTERNAL.getPort() + "/postgres";
    }

    @AfterAll
    static void stop() throws IOException {
        EXTERNAL.close();
    }

    @Test
    void theServiceRunsOnTheConfiguredDatabaseAndStartsNoEmbeddedOne() {
        assertThat(context.getBeanNamesForType(EmbeddedPostgres.class)).isEmpty();
        assertThat(((HikariDataSource) dataSource).getJdbcUrl()).isEqualTo(url());
        assertThat(roles.loginRole()).isEqualTo(new DatabaseRoleCheck.LoginRole("importer_app", false, false, false));

        Api api = new Api(port);
        // Camel reports the inbox consumer ready after its first poll, a second or so after start-up.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15))
                .until(() -> api.get("/actuator/health", null).json().get("status").asText(), "UP"::equals);
        JsonNode run = api.importCsv("volunteers", KEY, "first_name,last_name,email\nAda,Lovelace,ada@example.org\n");
        assertThat(run.get("counts").get("inserted").asLong()).isEqualTo(1);
    }

    /** A server built with LLVM JIT-compiled chunk statements for a second each (docs/benchmarks.md). */
    @Test
    void pooledConnectionsRunWithoutJitAndWithRoomToSortAChunk() {
        org.springframework.jdbc.core.JdbcTemplate pooled = new org.springframework.jdbc.core.JdbcTemplate(dataSource);
        assertThat(pooled.queryForObject("SHOW jit", String.class)).isEqualTo("off");
        assertThat(pooled.queryForObject("SHOW work_mem", String.class)).isEqualTo("32MB");
    }
}
