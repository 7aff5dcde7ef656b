package org.tenantio.importer.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tenantio.importer.support.ServiceProcess;
import org.tenantio.importer.support.TestFolders;

/**
 * TLS in transit (issue 14 point 5): the service started as an operator starts it, in a JVM of its
 * own with Spring Boot's server.ssl settings given only as SERVER_SSL_* environment variables and a
 * PKCS12 keystore made by the JDK's keytool, speaks HTTPS with that certificate, and plain HTTP on
 * the same port gets no answer from the API.
 */
class TlsIT {

    static final String KEY = "imp_0123456789ab_tls-test-key-000000000000000000000000000000";
    static final String PASSWORD = "tls-test-store-pass";

    final Path root = TestFolders.ROOT.resolve("tls");
    final Path pg = root.resolve("pg");
    Process service;

    @AfterEach
    void stop() throws Exception {
        if (service != null) {
            service.destroy();
            if (!service.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                service.destroyForcibly().waitFor();
            }
        }
        OrphanedPostgres.stopIfRunning(pg);
    }

    @Test
    void theServiceSpeaksHttpsWithTheKeystoreTheEnvironmentNames() throws Exception {
        Files.createDirectories(root);
        Path keystore = root.resolve("keystore.p12");
        Files.deleteIfExists(keystore);
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "importer", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).redirectOutput(root.resolve("keytool.log").toFile()).start();
        assertThat(keytool.waitFor()).isZero();

        int port = ServiceProcess.freePort();
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m", "-XX:TieredStopAtLevel=1"));
        command.addAll(ServiceProcess.coverageAgent());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.tenantio.importer.ImporterApplication",
                "--server.port=" + port, "--importer.embedded-db.dir=" + pg, "--importer.secrets-dir=" + root.resolve("secrets"),
                "--importer.inbox=" + root.resolve("inbox"), "--importer.outbox=" + root.resolve("outbox"),
                "--importer.archive=" + root.resolve("archive"), "--importer.rejected=" + root.resolve("rejected"),
                "--importer.export.files=" + root.resolve("exports"), "--importer.bootstrap-api-key=" + KEY));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(root.resolve("service.log").toFile());
        builder.environment().putAll(Map.of(
                "SERVER_SSL_ENABLED", "true",
                "SERVER_SSL_KEY_STORE", keystore.toString(),
                "SERVER_SSL_KEY_STORE_TYPE", "PKCS12",
                "SERVER_SSL_KEY_STORE_PASSWORD", PASSWORD,
                "SERVER_SSL_KEY_ALIAS", "importer"));
        service = builder.start();

        HttpClient https = HttpClient.newBuilder().sslContext(trusting(keystore)).connectTimeout(Duration.ofSeconds(5)).build();
        URI health = URI.create("https://localhost:" + port + "/actuator/health");
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> !service.isAlive() || https.send(HttpRequest.newBuilder(health).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
        assertThat(service.isAlive()).as(Files.readString(root.resolve("service.log"))).isTrue();

        HttpResponse<String> runs = https.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/api/v1/runs"))
                .header("X-API-Key", KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(runs.statusCode()).isEqualTo(200);
        assertThat(runs.sslSession()).isPresent();
        assertThat(runs.sslSession().get().getPeerCertificates()[0].toString()).contains("CN=localhost");

        // An unauthenticated HTTPS call still gets the API's own error, and a client that does not trust the certificate is refused.
        assertThat(https.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/api/v1/runs")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        HttpClient untrusting = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> untrusting.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
        // Plain HTTP on the TLS port is not served: Tomcat answers 400 to a plaintext request on a TLS connector.
        HttpResponse<String> plain = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/v1/runs")).header("X-API-Key", KEY).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(plain.statusCode()).isEqualTo(400);
        assertThat(plain.body()).doesNotContain("\"items\"");
    }

    private static SSLContext trusting(Path keystore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
