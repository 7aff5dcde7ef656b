package org.tenantio.importer.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tenantio.importer.support.Api;
import org.tenantio.importer.support.ServiceProcess;
import org.tenantio.importer.support.TestFolders;

/**
 * {@code kill -9} of the service leaves its embedded PostgreSQL running on the data folder; one
 * start afterwards must stop that orphan and come up on the same data. The service runs as a
 * separate JVM with the default embedded database, as {@code mvn spring-boot:run} starts it.
 */
class EmbeddedRestartIT {

    static final String KEY = "imp_0123456789ab_restart-test-key-0000000000000000000000000";

    final Path root = TestFolders.ROOT.resolve("restart");
    final Path pg = root.resolve("pg");
    final List<Process> processes = new ArrayList<>();

    @AfterEach
    void tearDown() throws IOException {
        processes.forEach(Process::destroyForcibly);
        processes.forEach(p -> p.onExit().join());
        OrphanedPostgres.stopIfRunning(pg);
    }

    @Test
    void oneStartAfterAKilledServiceStopsTheOrphanedDatabaseAndKeepsTheData() throws Exception {
        int port = ServiceProcess.freePort();
        Api api = new Api(port);
        Process first = start(port, "first");
        JsonNode run = api.importCsv("volunteers", KEY, "external_id,first_name,last_name,email\nr1,Ada,Lovelace,ada@example.org\n");
        assertThat(run.get("counts").get("inserted").asLong()).isEqualTo(1);

        first.destroyForcibly().waitFor();
        Optional<ProcessHandle> orphan = OrphanedPostgres.find(pg);
        assertThat(orphan).as("the killed service's PostgreSQL is still running on the folder").isPresent();

        start(port, "second");
        assertThat(orphan.get().isAlive()).as("the orphan was stopped").isFalse();
        JsonNode again = api.importCsv("volunteers", KEY, "external_id,first_name,last_name,email\nr1,Ada,Lovelace,ada@example.org\n");
        assertThat(again.get("counts").get("unchanged").asLong()).as("the first start's row survived").isEqualTo(1);
        assertThat(Files.readString(root.resolve("second.log"))).contains("left by an earlier run still serves");
    }

    @Test
    void aPidFileOfAnotherProcessIsLeftAlone() throws Exception {
        Files.createDirectories(pg);
        // The pid of this very JVM, which is no postgres on that folder: never to be stopped.
        Files.writeString(pg.resolve("postmaster.pid"), ProcessHandle.current().pid() + "\n" + pg + "\n");
        assertThat(OrphanedPostgres.find(pg)).isEmpty();
        assertThat(OrphanedPostgres.stopIfRunning(pg)).isFalse();
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        processes.add(sleeper);
        Files.writeString(pg.resolve("postmaster.pid"), sleeper.pid() + "\n" + pg + "\n");
        assertThat(OrphanedPostgres.stopIfRunning(pg)).isFalse();
        assertThat(sleeper.isAlive()).isTrue();
        Files.delete(pg.resolve("postmaster.pid"));
    }

    private Process start(int port, String name) throws IOException {
        Files.createDirectories(root);
        Process process = ServiceProcess.start(port, root.resolve(name + ".log"), List.of(
                "--importer.embedded-db.dir=" + pg,
                "--importer.secrets-dir=" + root.resolve("secrets"),
                "--importer.inbox=" + root.resolve("inbox"),
                "--importer.outbox=" + root.resolve("outbox"),
                "--importer.archive=" + root.resolve("archive"),
                "--importer.rejected=" + root.resolve("rejected"),
                "--importer.export.files=" + root.resolve("exports"),
                "--importer.bootstrap-api-key=" + KEY));
        processes.add(process);
        return process;
    }
}
