package org.tenantio.importer.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The service in a JVM of its own (the test classpath), as a killed-process test needs it; returns once health is UP. */
public final class ServiceProcess {

    private ServiceProcess() {
    }

    /**
     * The test JVM's JaCoCo agent, for a service JVM of its own: what recovery and crash tests run
     * there counts toward coverage (appended to the same file when the JVM ends normally).
     */
    public static List<String> coverageAgent() {
        return java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-javaagent:") && a.contains("jacoco"))
                .map(a -> a.contains("append=") ? a : a + ",append=true")
                .toList();
    }

    public static Process start(int port, Path log, List<String> arguments) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1"));
        command.addAll(coverageAgent());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.tenantio.importer.ImporterApplication",
                "--server.port=" + port));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Api api = new Api(port);
        try {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> !process.isAlive() || "UP".equals(api.get("/actuator/health", null).json().path("status").asText()));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            process.destroyForcibly();
            throw e;
        }
        if (!process.isAlive()) {
            throw new IllegalStateException("The service exited with " + process.exitValue() + "; see " + log);
        }
        return process;
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
