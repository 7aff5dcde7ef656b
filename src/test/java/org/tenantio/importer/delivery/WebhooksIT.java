package org.tenantio.importer.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tenantio.importer.support.Api;
import org.tenantio.importer.support.ApiIntegrationTest;

/** Per-tenant webhooks on run completion and failure: signed, retried, configured by admins only. */
class WebhooksIT extends ApiIntegrationTest {

    private HttpServer server;
    private final List<Map<String, String>> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();

    @BeforeEach
    void receiver() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean fail = failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
            if (!fail) {
                calls.add(Map.of("body", body, "signature", String.valueOf(exchange.getRequestHeaders()
                        .getFirst("X-Signature")), "event", String.valueOf(exchange.getRequestHeaders()
                        .getFirst("X-Importer-Event"))));
            }
            exchange.sendResponseHeaders(fail ? 500 : 204, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String hookUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    private JsonNode createHook() {
        Api.Response r = api.send("POST", "/api/v1/webhooks", tenant.adminKey(), "{\"url\":\"" + hookUrl() + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    private static String hmac(String secret, String body) {
        return Hmac.sha256Hex(secret.getBytes(StandardCharsets.UTF_8), body);
    }

    @Test
    void aCompletedRunIsPostedWithAVerifiableSignature() throws Exception {
        JsonNode hook = createHook();
        String secret = hook.get("secret").asText();

        JsonNode run = api.importCsv("volunteers", tenant.adminKey(), "external_id,first_name,last_name,email\n"
                + "W-1,Ada,Lovelace,ada@example.org\n");

        await().atMost(Duration.ofSeconds(20)).until(() -> !calls.isEmpty());
        Map<String, String> call = calls.get(0);
        // A receiver's check, as docs/api.md tells it: t= is recent, v1= is the HMAC of "t.body".
        java.util.regex.Matcher signature = java.util.regex.Pattern.compile("t=(\\d+),v1=([0-9a-f]{64})")
                .matcher(call.get("signature"));
        assertThat(signature.matches()).as(call.get("signature")).isTrue();
        long age = java.time.Instant.now().getEpochSecond() - Long.parseLong(signature.group(1));
        assertThat(age).isBetween(0L, 60L);
        assertThat(signature.group(2)).isEqualTo(hmac(secret, signature.group(1) + "." + call.get("body")));
        assertThat(signature.group(2)).isNotEqualTo(hmac(secret, call.get("body")));
        assertThat(call.get("event")).isEqualTo("run.completed");
        JsonNode summary = new ObjectMapper().readTree(call.get("body"));
        assertThat(summary.get("runId").asText()).isEqualTo(run.get("id").asText());
        assertThat(summary.get("pipeline").asText()).isEqualTo("volunteers");
        assertThat(summary.get("status").asText()).isEqualTo("completed");
        assertThat(summary.get("counts").get("inserted").asInt()).isEqualTo(1);
        assertThat(summary.get("links").get("run").asText()).isEqualTo("/api/v1/runs/" + run.get("id").asText());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM webhooks WHERE tenant_id = ? AND url LIKE '%/hook'", Long.class,
                tenant.id())).isEqualTo(1);
        assertThat(api.get("/api/v1/webhooks", tenant.adminKey()).body()).doesNotContain(secret);
    }

    @Test
    void aFailedRunIsPostedAfterTheReceiverRecovers() {
        createHook();
        failuresLeft.set(2);

        api.importCsv("volunteers", tenant.adminKey(), "nothing,useful\n1,2\n");

        await().atMost(Duration.ofSeconds(20)).until(() -> !calls.isEmpty());
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).get("event")).isEqualTo("run.failed");
        assertThat(calls.get(0).get("body")).contains("\"status\":\"failed\"", "missing_columns");
    }

    @Test
    void adminsAloneConfigureWebhooksAndOnlyAllowedHosts() {
        assertThat(api.send("POST", "/api/v1/webhooks", tenant.viewerKey(), "{\"url\":\"" + hookUrl() + "\"}").status())
                .isEqualTo(403);
        Api.Response internal = api.send("POST", "/api/v1/webhooks", tenant.adminKey(), "{\"url\":\"http://10.1.2.3/x\"}");
        assertThat(internal.status()).isEqualTo(400);
        assertThat(internal.json().get("error").get("details").get(0).get("field").asText()).isEqualTo("url");
        assertThat(api.send("POST", "/api/v1/webhooks", tenant.adminKey(), "{}").status()).isEqualTo(400);
    }

    @Test
    void aDeletedWebhookIsNotCalled() {
        JsonNode hook = createHook();

        assertThat(api.send("DELETE", "/api/v1/webhooks/" + hook.get("id").asText(), tenant.adminKey(), "").status())
                .isEqualTo(204);
        api.importCsv("volunteers", tenant.adminKey(), "external_id,first_name,last_name,email\nW-2,Al,Bo,al@example.org\n");

        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(calls::isEmpty);
        assertThat(api.send("DELETE", "/api/v1/webhooks/" + hook.get("id").asText(), tenant.adminKey(), "").status())
                .isEqualTo(404);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_log WHERE tenant_id = ? AND action LIKE 'webhook.%'",
                Long.class, tenant.id())).isEqualTo(2);
    }
}
