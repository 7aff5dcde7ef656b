package org.tenantio.importer.run;

import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.tenantio.importer.support.Api;

/**
 * Service instances as separate JVMs (the test's class path, {@code java -cp}) on one PostgreSQL
 * the test starts: killed with SIGKILL, as a crash would. Short run leases (10 s: long enough for a
 * chunk on a loaded 2-core machine), so recovery waits seconds.
 */
final class ServiceProcesses implements AutoCloseable {

    static final String KEY = "imp_0123456789ab_crash-test-key-000000000000000000000000000";

    final Path root;
    final EmbeddedPostgres postgres;
    private final List<Process> processes = new ArrayList<>();

    ServiceProcesses(Path root) throws IOException {
        this.root = Files.createDirectories(root);
        this.postgres = EmbeddedPostgres.builder().setDataDirectory(root.resolve("pg")).start();
    }

    /** Starts an instance and waits until it reports UP; returns its process and API. */
    Instance start(String name) throws IOException {
        int port = freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1"));
        command.addAll(org.tenantio.importer.support.ServiceProcess.coverageAgent());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.tenantio.importer.ImporterApplication",
                "--server.port=" + port,
                "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres",
                "--importer.inbox=" + root.resolve("inbox"),
                "--importer.archive=" + root.resolve("archive"),
                "--importer.rejected=" + root.resolve("rejected"),
                "--importer.chunk-size=1000",
                "--importer.runs.lease-ttl=10s", "--importer.runs.heartbeat-interval=1s",
                "--importer.runs.recovery-interval=1s",
                "--importer.runs.instance-id=" + name,
                "--importer.rate-limit.requests-per-minute=100000", // the test polls runs every 100 ms
                "--importer.bootstrap-api-key=" + KEY));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(root.resolve(name + ".log").toFile()).start();
        processes.add(process);
        Api api = new Api(port);
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> "UP".equals(api.get("/actuator/health", null).json().path("status").asText()));
        return new Instance(name, process, api);
    }

    record Instance(String name, Process process, Api api) {
        void kill() throws InterruptedException {
            process.destroyForcibly().waitFor();
        }
    }

    @Override
    public void close() throws IOException {
        // Stopped, not killed, where still alive: a JVM that ends normally writes its coverage data.
        for (Process p : processes) {
            p.destroy();
            try {
                if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
        postgres.close();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
