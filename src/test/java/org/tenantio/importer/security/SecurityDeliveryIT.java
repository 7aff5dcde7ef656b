package org.tenantio.importer.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
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

/**
 * A hostile tenant shapes destination URLs, headers and SFTP settings to send its export (or a
 * webhook) somewhere the allowlist never saw: a proxy named in the query, a Camel header that
 * overrides the target, a redirect, an SFTP user or path that smuggles URI options. The server
 * off the allowlist (127.0.0.2, loopback too) must receive nothing, whatever is tried.
 */
class SecurityDeliveryIT extends ApiIntegrationTest {

    static final Map<String, Object> NAMES = Map.of("fields", List.of(Map.of("field", "first_name", "column", "Name")));

    @Autowired
    ExportFixtures fixtures;

    private HttpServer allowed;
    private HttpServer forbidden;
    private SshServer sftp;
    private final List<Map<String, String>> received = new CopyOnWriteArrayList<>();
    private final List<String> leaked = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicInteger sftpLogins = new AtomicInteger();

    @BeforeEach
    void servers() throws Exception {
        fixtures.person(tenant, "granted", Map.of("first_name", "Ada"));
        forbidden = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
        forbidden.createContext("/", exchange -> {
            leaked.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        forbidden.start();
        allowed = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        allowed.createContext("/in", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean fail = failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
            received.add(Map.of("query", String.valueOf(exchange.getRequestURI().getRawQuery()), "body", body,
                    "camel", String.valueOf(exchange.getRequestHeaders().keySet().stream()
                            .filter(h -> h.toLowerCase().startsWith("camel")).toList())));
            exchange.sendResponseHeaders(fail ? 503 : 200, -1);
            exchange.close();
        });
        allowed.createContext("/redirect", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Location", forbiddenUrl() + "/stolen?token=abc");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        allowed.start();
        sftp = SshServer.setUpDefaultServer();
        sftp.setHost("127.0.0.1");
        sftp.setPort(0);
        Path root = Files.createTempDirectory(TestFolders.ROOT, "hostile-sftp-");
        SimpleGeneratorHostKeyProvider keys = new SimpleGeneratorHostKeyProvider(root.resolveSibling(root.getFileName() + ".ser"));
        sftp.setKeyPairProvider(keys);
        sftp.setPasswordAuthenticator((user, password, session) -> sftpLogins.incrementAndGet() < 0);
        sftp.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        sftp.start();
    }

    @AfterEach
    void stop() throws Exception {
        allowed.stop(0);
        forbidden.stop(0);
        sftp.stop(true);
        assertThat(leaked).as("requests that reached the host off the allowlist").isEmpty();
    }

    private String allowedUrl(String path) {
        return "http://127.0.0.1:" + allowed.getAddress().getPort() + path;
    }

    private String forbiddenUrl() {
        return "http://127.0.0.2:" + forbidden.getAddress().getPort();
    }

    private List<String> definitionProblems(String destination) {
        Api.Response r = api.send("POST", "/api/v1/pipelines", tenant.adminKey(), """
                {"code":"hostile","name":"Hostile","direction":"export","format":"csv","targetType":"person",
                 "destinations":[%s],"options":{"fields":["first_name"]}}""".formatted(destination));
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        JsonNode error = r.json().get("error");
        assertThat(error.get("code").asText()).isEqualTo("invalid_pipeline");
        assertThat(error.get("message").asText()).isNotBlank();
        List<String> fields = new ArrayList<>();
        error.get("details").forEach(d -> fields.add(d.get("field").asText()));
        return fields;
    }

    private JsonNode exportNow(String code) {
        Api.Response r = api.send("POST", "/api/v1/pipelines/" + code + "/runs", tenant.adminKey(), "");
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return api.awaitRun(r.json().get("id").asText(), tenant.adminKey());
    }

    @Test
    void endpointOptionsInAUrlQueryAreRefusedWhenDefined() {
        int port = forbidden.getAddress().getPort();
        for (String query : List.of("proxyHost=127.0.0.2&proxyPort=" + port, "PROXYHOST=127.0.0.2", "ok=1&proxyAuthHost=127.0.0.2",
                "httpClient.proxy=x", "bridgeEndpoint=true", "throwExceptionOnFailure=false")) {
            assertThat(definitionProblems("{\"type\":\"http\",\"url\":\"" + allowedUrl("/in?" + query) + "\"}"))
                    .as(query).contains("destinations[0].url");
        }
        assertThat(definitionProblems("{\"type\":\"http\",\"url\":\"http://user:pw@127.0.0.1/in\"}")).contains("destinations[0].url");
        assertThat(definitionProblems("{\"type\":\"http\",\"url\":\"" + allowedUrl("/in%3FproxyHost=x") + "\"}"))
                .contains("destinations[0].url");
        assertThat(definitionProblems("{\"type\":\"http\",\"url\":\"" + forbiddenUrl() + "/in\"}")).contains("destinations[0].url");
    }

    @Test
    void camelAndFramingHeadersAreRefusedWhenDefined() {
        for (String header : List.of("CamelHttpUri", "camelHttpPath", "CamelHttpQuery", "Host", "Content-Length")) {
            assertThat(definitionProblems("{\"type\":\"http\",\"url\":\"" + allowedUrl("/in")
                    + "\",\"headers\":{\"" + header + "\":\"" + forbiddenUrl() + "/\"}}")).contains("destinations[0].headers." + header);
        }
        assertThat(definitionProblems("{\"type\":\"http\",\"url\":\"" + allowedUrl("/in") + "\",\"proxyHost\":\"127.0.0.2\"}"))
                .contains("destinations[0].proxyHost");
    }

    @Test
    void sftpUserPathAndOptionsCannotCarryUriOptions() {
        int port = sftp.getPort();
        String base = "\"type\":\"sftp\",\"host\":\"127.0.0.1\",\"port\":" + port + ",\"passwordSecretRef\":\"SFTP_HOSTILE\"";
        assertThat(definitionProblems("{" + base + ",\"user\":\"u&strictHostKeyChecking=no\"}")).contains("destinations[0].user");
        assertThat(definitionProblems("{" + base + ",\"user\":\"u)&knownHostsFile=/dev/null\"}")).contains("destinations[0].user");
        assertThat(definitionProblems("{" + base + ",\"user\":\"u\",\"path\":\"../../etc\"}")).contains("destinations[0].path");
        assertThat(definitionProblems("{" + base + ",\"user\":\"u\",\"path\":\"in?proxy=x\"}")).contains("destinations[0].path");
        assertThat(definitionProblems("{" + base + ",\"user\":\"u\",\"strictHostKeyChecking\":\"no\"}"))
                .contains("destinations[0].strictHostKeyChecking");
        assertThat(definitionProblems("{\"type\":\"sftp\",\"host\":\"127.0.0.1?x=y\",\"user\":\"u\",\"passwordSecretRef\":\"SFTP_HOSTILE\"}"))
                .contains("destinations[0].host");
        assertThat(sftpLogins).hasValue(0);
    }

    @Test
    void theTenantsQueryTravelsAsTheRequestsQueryAndIsNeverShown() {
        fixtures.pipeline(tenant, "with-query", "csv", NAMES, null,
                List.of(Map.of("type", "http", "url", allowedUrl("/in?token=s3cr3t&note=a%20b"))));

        JsonNode run = exportNow("with-query");

        JsonNode delivery = run.get("deliveries").get(0);
        assertThat(delivery.get("status").asText()).as(run.toString()).isEqualTo("delivered");
        assertThat(received).hasSize(1);
        assertThat(received.get(0)).containsEntry("query", "token=s3cr3t&note=a%20b").containsEntry("camel", "[]");
        assertThat(delivery.get("deliveredTo").asText()).isEqualTo("POST " + allowedUrl("/in"));
        assertThat(api.get("/api/v1/runs/" + run.get("id").asText(), tenant.adminKey()).body()).doesNotContain("s3cr3t");
    }

    @Test
    void aRedirectToAHostOffTheAllowlistIsNotFollowed() {
        fixtures.pipeline(tenant, "redirected", "csv", NAMES, null,
                List.of(Map.of("type", "http", "url", allowedUrl("/redirect"))));

        JsonNode run = exportNow("redirected");

        JsonNode delivery = run.get("deliveries").get(0);
        assertThat(delivery.get("status").asText()).as(run.toString()).isEqualTo("failed");
        assertThat(delivery.get("lastError").asText()).contains("302", "127.0.0.2", "not followed").doesNotContain("token=abc");
    }

    @Test
    void aDeliveryRecordedWithHostileSettingsIsRefusedOrStrippedWhenSentAgain() {
        // A run whose delivery failed; its recorded destination is then edited as if by someone with database access.
        failuresLeft.set(3);
        fixtures.pipeline(tenant, "recorded", "csv", NAMES, null, List.of(Map.of("type", "http", "url", allowedUrl("/in"))));
        JsonNode run = exportNow("recorded");
        String runId = run.get("id").asText();
        assertThat(run.get("deliveries").get(0).get("status").asText()).isEqualTo("failed");
        received.clear();

        jdbc.update("UPDATE run_deliveries SET destination = ?::jsonb WHERE tenant_id = ? AND run_id = ?::uuid",
                "{\"type\":\"http\",\"url\":\"" + allowedUrl("/in") + "\",\"headers\":{\"CamelHttpUri\":\"" + forbiddenUrl()
                        + "/stolen\",\"X-Partner\":\"acme\"}}", tenant.id(), runId);
        assertThat(api.send("POST", "/api/v1/runs/" + runId + "/redeliver", tenant.adminKey(), "").status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> "delivered".equals(deliveryStatus(runId)));
        assertThat(received).hasSize(1);

        failuresLeft.set(3);
        JsonNode second = exportNow("recorded");
        String secondId = second.get("id").asText();
        received.clear();
        jdbc.update("UPDATE run_deliveries SET destination = ?::jsonb WHERE tenant_id = ? AND run_id = ?::uuid",
                "{\"type\":\"http\",\"url\":\"" + allowedUrl("/in?proxyHost=127.0.0.2&proxyPort=" + forbidden.getAddress().getPort())
                        + "\"}", tenant.id(), secondId);
        assertThat(api.send("POST", "/api/v1/runs/" + secondId + "/redeliver", tenant.adminKey(), "").status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> "failed".equals(deliveryStatus(secondId))
                && lastError(secondId).contains("delivery option"));
        assertThat(received).isEmpty();
    }

    @Test
    void anSftpDeliveryRecordedWithAHostileUserIsRefusedBeforeConnecting() {
        fixtures.pipeline(tenant, "to-sftp", "csv", NAMES, null, List.of(Map.of("type", "sftp", "host", "127.0.0.1",
                "port", sftp.getPort(), "user", "u", "passwordSecretRef", "SFTP_HOSTILE_UNSET")));
        JsonNode run = exportNow("to-sftp");
        String runId = run.get("id").asText();
        assertThat(run.get("deliveries").get(0).get("lastError").asText()).contains("not set");
        System.setProperty("SFTP_HOSTILE_SET", "pw");
        jdbc.update("UPDATE run_deliveries SET destination = ?::jsonb WHERE tenant_id = ? AND run_id = ?::uuid",
                "{\"type\":\"sftp\",\"host\":\"127.0.0.1\",\"port\":" + sftp.getPort()
                        + ",\"user\":\"u&strictHostKeyChecking=no&knownHostsFile=/dev/null\",\"passwordSecretRef\":\"SFTP_HOSTILE_SET\"}",
                tenant.id(), runId);
        assertThat(api.send("POST", "/api/v1/runs/" + runId + "/redeliver", tenant.adminKey(), "").status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> lastError(runId).contains("SFTP user"));
        assertThat(sftpLogins).hasValue(0);
    }

    @Test
    void webhookUrlsFollowTheSameRules() {
        for (String url : List.of(allowedUrl("/in?proxyHost=127.0.0.2&proxyPort=1"), "http://u:p@127.0.0.1/in", forbiddenUrl() + "/in",
                allowedUrl("/in#x"), "file:///etc/passwd")) {
            Api.Response r = api.send("POST", "/api/v1/webhooks", tenant.adminKey(), "{\"url\":\"" + url + "\"}");
            assertThat(r.status()).as(url).isEqualTo(400);
            assertThat(r.json().get("error").get("details").get(0).get("field").asText()).isEqualTo("url");
        }
        Api.Response ok = api.send("POST", "/api/v1/webhooks", tenant.adminKey(), "{\"url\":\"" + allowedUrl("/in?token=hook") + "\"}");
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);

        api.importCsv("volunteers", tenant.adminKey(), "external_id,first_name,last_name,email\nH-1,Ada,Lovelace,ada@example.org\n");

        await().atMost(Duration.ofSeconds(20)).until(() -> !received.isEmpty());
        assertThat(received.get(0)).containsEntry("query", "token=hook").containsEntry("camel", "[]");
        assertThat(received.get(0).get("body")).contains("run.completed").doesNotContain("token=hook");
    }

    private String deliveryStatus(String runId) {
        return api.get("/api/v1/runs/" + runId, tenant.adminKey()).json().get("deliveries").get(0).get("status").asText();
    }

    private String lastError(String runId) {
        return api.get("/api/v1/runs/" + runId, tenant.adminKey()).json().get("deliveries").get(0).path("lastError").asText();
    }
}
