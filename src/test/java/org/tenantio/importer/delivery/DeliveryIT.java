package org.tenantio.importer.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.KeyPair;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.tenantio.importer.support.Api;
import org.tenantio.importer.support.ApiIntegrationTest;
import org.tenantio.importer.support.ExportFixtures;
import org.tenantio.importer.support.TestFolders;

/** Export delivery to real SFTP and HTTP servers on loopback: auth, headers, retries, dead letter, redelivery. */
class DeliveryIT extends ApiIntegrationTest {

    static final Map<String, Object> NAMES = Map.of("fields", List.of(Map.of("field", "first_name", "column", "Name")));

    @Autowired
    ExportFixtures fixtures;

    private SshServer sftp;
    private Path sftpRoot;
    private HttpServer http;
    private final List<Map<String, Object>> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private PublicKey clientKey;

    @BeforeEach
    void servers() throws Exception {
        fixtures.person(tenant, "granted", Map.of("first_name", "Ada"));
        fixtures.person(tenant, "withdrawn", Map.of("first_name", "Withdrawn"));
        startSftp();
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/in", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            boolean fail = failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
            received.add(Map.of("method", exchange.getRequestMethod(), "partner", String.valueOf(exchange.getRequestHeaders()
                    .getFirst("X-Partner")), "auth", String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")),
                    "body", new String(body, StandardCharsets.UTF_8), "failed", fail));
            exchange.sendResponseHeaders(fail ? 503 : 200, -1);
            exchange.close();
        });
        http.start();
    }

    private void startSftp() throws Exception {
        sftpRoot = Files.createTempDirectory(TestFolders.ROOT, "sftp-");
        sftp = SshServer.setUpDefaultServer();
        sftp.setHost("127.0.0.1");
        sftp.setPort(0);
        SimpleGeneratorHostKeyProvider hostKeys = new SimpleGeneratorHostKeyProvider(sftpRoot.resolveSibling(
                sftpRoot.getFileName() + "-hostkey.ser"));
        hostKeys.setAlgorithm(KeyUtils.RSA_ALGORITHM);
        sftp.setKeyPairProvider(hostKeys);
        sftp.setPasswordAuthenticator((user, password, session) -> "exporter".equals(user) && "s3cret-pass".equals(password));
        sftp.setPublickeyAuthenticator((user, key, session) -> "keyed".equals(user) && KeyUtils.compareKeys(key, clientKey));
        sftp.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        sftp.setFileSystemFactory(new VirtualFileSystemFactory(sftpRoot));
        sftp.start();
        PublicKey hostKey = hostKeys.loadKeys(null).iterator().next().getPublic();
        Files.writeString(TestFolders.knownHosts(), "[127.0.0.1]:" + sftp.getPort() + " " + PublicKeyEntry.toString(hostKey) + "\n");
    }

    @AfterEach
    void stop() throws IOException {
        sftp.stop(true);
        http.stop(0);
    }

    private JsonNode exportNow(String code) {
        Api.Response r = api.send("POST", "/api/v1/pipelines/" + code + "/runs", tenant.adminKey(), "");
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return api.awaitRun(r.json().get("id").asText(), tenant.adminKey());
    }

    private Map<String, Object> sftpDestination(String user, String secretKey, String secretName) {
        return Map.of("type", "sftp", "host", "127.0.0.1", "port", sftp.getPort(), "path", "/upload/" + user, "user", user,
                secretKey, secretName);
    }

    private String httpUrl() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/in";
    }

    @Test
    void sftpReceivesTheFileWithPasswordAuth() throws IOException {
        System.setProperty("SFTP_TEST_PASSWORD", "s3cret-pass");
        fixtures.pipeline(tenant, "to-sftp", "csv", NAMES, null,
                List.of(sftpDestination("exporter", "passwordSecretRef", "SFTP_TEST_PASSWORD")));

        JsonNode run = exportNow("to-sftp");

        JsonNode delivery = run.get("deliveries").get(0);
        assertThat(delivery.get("status").asText()).as(run.toString()).isEqualTo("delivered");
        Path file = sftpRoot.resolve("upload/exporter").resolve(run.get("fileName").asText());
        assertThat(Files.readString(file)).isEqualTo("Name\r\nAda\r\n");
        assertThat(DigestUtils.sha256Hex(Files.readAllBytes(file))).isEqualTo(run.get("sha256").asText());
        try (var listing = Files.list(file.getParent())) {
            assertThat(listing.count()).isEqualTo(1);
        }
        assertThat(jdbc.queryForObject("SELECT destination::text FROM run_deliveries WHERE tenant_id = ?", String.class,
                tenant.id())).doesNotContain("s3cret-pass");
    }

    @Test
    void sftpReceivesTheFileWithKeyAuth() throws Exception {
        KeyPair pair = KeyPair.genKeyPair(new JSch(), KeyPair.RSA, 2048);
        ByteArrayOutputStream pem = new ByteArrayOutputStream();
        pair.writePrivateKey(pem);
        clientKey = AuthorizedKeyEntry.parseAuthorizedKeyEntry("ssh-rsa " + Base64.getEncoder().encodeToString(
                pair.getPublicKeyBlob())).resolvePublicKey(null, PublicKeyEntryResolver.IGNORING);
        System.setProperty("SFTP_TEST_KEY", pem.toString(StandardCharsets.US_ASCII));
        fixtures.pipeline(tenant, "to-sftp-key", "csv", NAMES, null,
                List.of(sftpDestination("keyed", "privateKeySecretRef", "SFTP_TEST_KEY")));

        JsonNode run = exportNow("to-sftp-key");

        assertThat(run.get("deliveries").get(0).get("status").asText()).as(run.toString()).isEqualTo("delivered");
        assertThat(Files.readString(sftpRoot.resolve("upload/keyed").resolve(run.get("fileName").asText())))
                .isEqualTo("Name\r\nAda\r\n");
    }

    @Test
    void anUnknownSftpHostKeyIsRefused() throws IOException {
        System.setProperty("SFTP_TEST_PASSWORD", "s3cret-pass");
        Files.writeString(TestFolders.knownHosts(), "");
        fixtures.pipeline(tenant, "untrusted", "csv", NAMES, null,
                List.of(sftpDestination("exporter", "passwordSecretRef", "SFTP_TEST_PASSWORD")));

        JsonNode run = exportNow("untrusted");

        JsonNode delivery = run.get("deliveries").get(0);
        assertThat(delivery.get("status").asText()).isEqualTo("failed");
        assertThat(delivery.get("lastError").asText()).containsIgnoringCase("HostKey");
        assertThat(sftpRoot.resolve("upload/exporter")).doesNotExist();
    }

    @Test
    void httpReceivesAPostWithHeadersAndAuthFromASecret() {
        System.setProperty("HTTP_TEST_TOKEN", "Bearer t0ken");
        fixtures.pipeline(tenant, "to-http", "csv", NAMES, null, List.of(Map.of("type", "http", "url", httpUrl(),
                "method", "PUT", "headers", Map.of("X-Partner", "acme"), "authSecretRef", "HTTP_TEST_TOKEN")));

        JsonNode run = exportNow("to-http");

        assertThat(run.get("deliveries").get(0).get("status").asText()).as(run.toString()).isEqualTo("delivered");
        assertThat(received).hasSize(1);
        assertThat(received.get(0)).containsEntry("method", "PUT").containsEntry("partner", "acme")
                .containsEntry("auth", "Bearer t0ken").containsEntry("body", "Name\r\nAda\r\n");
    }

    @Test
    void aDestinationThatIsDownIsRetriedDeadLetteredAndRedeliveredExactlyOnce() {
        failuresLeft.set(3); // the first attempt and both retries fail
        fixtures.pipeline(tenant, "flaky", "csv", NAMES, null, List.of(
                Map.of("type", "http", "url", httpUrl()), ExportFixtures.file("flaky")));

        JsonNode run = exportNow("flaky");

        assertThat(run.get("status").asText()).isEqualTo("completed");
        JsonNode down = run.get("deliveries").get(0);
        assertThat(down.get("status").asText()).as(run.toString()).isEqualTo("failed");
        assertThat(down.get("attempts").asInt()).isEqualTo(3);
        assertThat(down.get("lastError").asText()).contains("503");
        assertThat(run.get("deliveries").get(1).get("status").asText()).isEqualTo("delivered");
        assertThat(received).hasSize(3);
        String sha = run.get("sha256").asText();
        String runId = run.get("id").asText();

        Api.Response redelivered = api.send("POST", "/api/v1/runs/" + runId + "/redeliver", tenant.adminKey(), "");

        assertThat(redelivered.status()).as(redelivered.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> "delivered".equals(api.get("/api/v1/runs/" + runId,
                tenant.adminKey()).json().get("deliveries").get(0).get("status").asText()));
        assertThat(received).hasSize(4);
        assertThat(received.get(3).get("body")).isEqualTo("Name\r\nAda\r\n");
        assertThat(DigestUtils.sha256Hex(received.get(3).get("body").toString())).isEqualTo(sha);
        Api.Response again = api.send("POST", "/api/v1/runs/" + runId + "/redeliver", tenant.adminKey(), "");
        assertThat(again.status()).isEqualTo(409);
        assertThat(received).hasSize(4);
        assertThat(api.get("/api/v1/runs/" + runId, tenant.adminKey()).json().get("deliveries").get(0).get("attempts").asInt())
                .isEqualTo(4);
    }

    @Test
    void aHostOffTheAllowlistIsRefusedAtDeliveryToo() {
        // Stored before the allowlist changed (as if edited in the database): delivery checks again.
        fixtures.pipeline(tenant, "sneaky", "csv", NAMES, null, List.of(ExportFixtures.file(null)));
        jdbc.update("UPDATE pipelines SET destinations = ?::jsonb WHERE tenant_id = ? AND code = 'sneaky'",
                "[{\"type\":\"http\",\"url\":\"http://10.0.0.1/in\"}]", tenant.id());

        Api.Response r = api.send("POST", "/api/v1/pipelines/sneaky/runs", tenant.adminKey(), "");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("destinations[0].url");
    }

    @Test
    void viewersMayNotRedeliver() {
        Api.Response r = api.send("POST", "/api/v1/runs/" + java.util.UUID.randomUUID() + "/redeliver", tenant.viewerKey(), "");

        assertThat(r.status()).isEqualTo(403);
    }
}
