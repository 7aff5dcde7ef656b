package org.tenantio.importer.bench;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The same benchmark against an external PostgreSQL: Debian's {@code postgresql} package with its
 * default settings, what a user with SPRING_DATASOURCE_URL runs. The benchmark starts a throw-away
 * cluster itself ({@link DebianPostgres}). {@code mvn -Pbenchmark test -Dtest=ExternalImportBenchmark}.
 */
class ExternalImportBenchmark extends ImportBenchmark {

    private static DebianPostgres server;

    @DynamicPropertySource
    static void externalServer(DynamicPropertyRegistry registry) {
        if (server == null) {
            server = DebianPostgres.start();
        }
        registry.add("spring.datasource.url", server::jdbcUrl);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
    }

    @Override
    String server() {
        return "external Debian PostgreSQL";
    }
}
