package org.tenantio.importer.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/** Points the service's folders and database at a fresh directory under target/ for the test JVM. */
public class TestFolders implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static final Path ROOT = create();
    public static final long MAX_UPLOAD = 32L << 20;
    /** The loopback SMTP port alert mail goes to; the alert tests run GreenMail on it. */
    public static final int SMTP_PORT = freePort();

    private static int freePort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path create() {
        try {
            Files.createDirectories(Path.of("target"));
            return Files.createTempDirectory(Path.of("target").toAbsolutePath(), "it-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path inbox() {
        return ROOT.resolve("inbox");
    }

    public static Path archive() {
        return ROOT.resolve("archive");
    }

    public static Path outbox() {
        return ROOT.resolve("outbox");
    }

    /** The known_hosts file SFTP deliveries check server keys against; tests write their server's key here. */
    public static Path knownHosts() {
        return ROOT.resolve("known_hosts");
    }

    public static Path rejected() {
        return ROOT.resolve("rejected");
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test-rate-limits", Map.of(
                // Tests poll runs many times a second with one key; SecurityAccessIT sets 100 per tenant.
                "importer.rate-limit.requests-per-minute", "100000",
                "importer.rate-limit.failed-sign-ins-per-minute", "300")));
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test-delivery", Map.of(
                "importer.outbox", outbox().toString(),
                "importer.export.files", ROOT.resolve("exports").toString(),
                "importer.delivery.allowed-hosts", "127.0.0.1,localhost",
                "importer.delivery.known-hosts-file", knownHosts().toString(),
                "importer.delivery.max-redeliveries", "2",
                "importer.delivery.redelivery-delay-ms", "100",
                "importer.delivery.max-redelivery-delay-ms", "400",
                "importer.delivery.webhook-signing-key", "test-webhook-signing-key",
                "importer.secrets-dir", ROOT.resolve("secrets").toString())));
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test-operations", Map.of(
                // Spring Boot tests switch metric export off by default; the scrape is under test.
                "management.prometheus.metrics.export.enabled", "true",
                "spring.mail.host", "127.0.0.1",
                "spring.mail.port", String.valueOf(SMTP_PORT),
                "importer.alerts.console-url", "https://importer.example.org")));
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test-folders", Map.of(
                "importer.inbox", inbox().toString(),
                "importer.archive", archive().toString(),
                "importer.rejected", rejected().toString(),
                "importer.embedded-db.dir", ROOT.resolve("pg").toString(),
                "importer.intake.poll-delay-ms", "200",
                "importer.intake.settle-ms", "300",
                "importer.bootstrap-api-key", TestTenants.DEMO_KEY,
                "importer.platform-api-key", Governance.PLATFORM_KEY,
                // Small enough to test refusals with real requests; the benchmark profile raises it.
                "importer.max-upload-bytes", System.getProperty("importer.max-upload-bytes", String.valueOf(MAX_UPLOAD)))));
    }
}
