package org.tenantio.importer.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A throw-away cluster of Debian's {@code postgresql} package (apt-get install -y postgresql),
 * default settings, in a temporary folder (with -Dbench.statements=true also per-statement
 * statistics and the plans of slow statements, kept in target/bench/server.log), stopped and deleted when the JVM exits. PostgreSQL
 * refuses to run as root, so as root the server runs as the package's {@code postgres} user.
 */
final class DebianPostgres {

    private final Path dir;
    private final int port;
    private final Path bin;

    private DebianPostgres(Path dir, int port, Path bin) {
        this.dir = dir;
        this.port = port;
        this.bin = bin;
    }

    static DebianPostgres start() {
        try {
            Path bin = binaries();
            Path dir = Files.createTempDirectory("bench-pg-");
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            DebianPostgres pg = new DebianPostgres(dir, port, bin);
            if (isRoot()) {
                run(List.of("chown", "postgres:postgres", dir.toString()));
            }
            pg.asServerUser(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "postgres",
                    "-A", "trust", "-E", "UTF8", "--no-instructions"));
            pg.asServerUser(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-w", "-l",
                    dir.resolve("server.log").toString(), "-o",
                    "-p " + port + " -k " + dir + " -c listen_addresses=localhost" + statementStatistics(), "start"));
            Runtime.getRuntime().addShutdownHook(new Thread(pg::stop, "bench-pg-stop"));
            return pg;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start Debian's PostgreSQL for the benchmark", e);
        }
    }

    /**
     * -Dbench.statements=true: the server keeps per-statement statistics (pg_stat_statements), and the
     * benchmark prints where the database's time went in each step (StatementProfile).
     */
    private static String statementStatistics() {
        return StatementProfile.wanted() ? " -c shared_preload_libraries=pg_stat_statements,auto_explain"
                + " -c pg_stat_statements.track=all -c auto_explain.log_min_duration=100ms -c auto_explain.log_analyze=on"
                + " -c auto_explain.log_nested_statements=on" : "";
    }

    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    void stop() {
        try {
            if (StatementProfile.wanted()) {
                // the slow statements' plans (auto_explain) outlive the throw-away cluster
                Files.createDirectories(Path.of("target/bench"));
                Files.copy(dir.resolve("server.log"), Path.of("target/bench/server.log"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            asServerUser(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast", "-w",
                    "stop"));
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("bench: could not stop the PostgreSQL in " + dir + ": " + e.getMessage());
        }
    }

    private void asServerUser(List<String> command) throws IOException {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        run(full);
    }

    private static void run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            if (p.waitFor() != 0) {
                throw new IllegalStateException(command.get(0) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static Path binaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("Debian's postgresql package is not installed: apt-get install -y postgresql");
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.naturalOrder())
                    .orElseThrow(() -> new IllegalStateException("No initdb under /usr/lib/postgresql"));
        }
    }
}
