package org.tenantio.importer.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL left running on the data folder by a service that was killed ({@code kill -9}
 * skips the shutdown hook that stops it). It still holds {@code postmaster.pid}, so a new start
 * would fail; it is stopped first, but only after checking that the pid in that file is a
 * postgres process serving this very folder, never any other process that reused the pid.
 */
final class OrphanedPostgres {

    private static final Logger log = LoggerFactory.getLogger(OrphanedPostgres.class);
    private static final Duration GRACE = Duration.ofSeconds(30);

    private OrphanedPostgres() {
    }

    /** Stops the server named by {@code dataDir/postmaster.pid} if it is a postgres on that folder; true if one was stopped. */
    static boolean stopIfRunning(Path dataDir) throws IOException {
        Optional<ProcessHandle> orphan = find(dataDir);
        if (orphan.isEmpty()) {
            return false;
        }
        ProcessHandle postmaster = orphan.get();
        log.warn("An embedded PostgreSQL (pid {}) left by an earlier run still serves {}: stopping it before starting",
                postmaster.pid(), dataDir);
        // SIGTERM: a smart shutdown, which ends at once as the killed service's sessions are gone; a checkpoint is written.
        postmaster.destroy();
        if (!awaitExit(postmaster, GRACE)) {
            log.warn("PostgreSQL pid {} did not stop within {} s: killing it (the next start recovers from its WAL)",
                    postmaster.pid(), GRACE.toSeconds());
            postmaster.descendants().forEach(ProcessHandle::destroyForcibly);
            postmaster.destroyForcibly();
            awaitExit(postmaster, GRACE);
        }
        return true;
    }

    static Optional<ProcessHandle> find(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.size() < 2 || !lines.get(0).strip().matches("\\d{1,10}")) {
            return Optional.empty();
        }
        long pid = Long.parseLong(lines.get(0).strip());
        Path served = Path.of(lines.get(1).strip());
        if (pid == ProcessHandle.current().pid() || !sameFolder(served, dataDir)) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(p -> isPostgresOn(p, dataDir));
    }

    private static boolean isPostgresOn(ProcessHandle process, Path dataDir) {
        // /proc gives the full command line even where ProcessHandle.Info does not (other users, truncation).
        Path cmdline = Path.of("/proc", Long.toString(process.pid()), "cmdline");
        String command;
        try {
            command = Files.exists(cmdline) ? Files.readString(cmdline).replace('\0', ' ')
                    : process.info().commandLine().orElse("");
        } catch (IOException e) {
            return false;
        }
        String executable = command.strip().split(" ", 2)[0];
        return (executable.endsWith("/postgres") || executable.equals("postgres"))
                && command.contains(dataDir.toString());
    }

    private static boolean sameFolder(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }

    private static boolean awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return !process.isAlive();
        }
    }
}
