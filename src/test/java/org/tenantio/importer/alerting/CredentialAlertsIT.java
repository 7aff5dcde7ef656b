package org.tenantio.importer.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tenantio.importer.support.ApiIntegrationTest;
import org.tenantio.importer.support.TestTenants.TestTenant;

/**
 * Refused keys that name a tenant's key (wrong secret, revoked) alert that tenant once per key
 * prefix, repeats grouped; a key nobody issued alerts nobody; the alert never carries the secret.
 */
class CredentialAlertsIT extends ApiIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer slack;
    private final List<JsonNode> posts = new CopyOnWriteArrayList<>();

    @BeforeEach
    void channel() throws Exception {
        slack = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        slack.createContext("/services/creds", exchange -> {
            posts.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(200, 2);
            exchange.getResponseBody().write("ok".getBytes(StandardCharsets.UTF_8));
            exchange.close();
        });
        slack.start();
        String url = "http://127.0.0.1:" + slack.getAddress().getPort() + "/services/creds";
        assertThat(api.send("POST", "/api/v1/alert-channels", tenant.adminKey(),
                "{\"kind\":\"slack\",\"target\":\"" + url + "\"}").status()).isEqualTo(201);
    }

    @AfterEach
    void stop() {
        slack.stop(0);
    }

    private static String prefixOf(String key) {
        return key.substring(4, 16);
    }

    @Test
    void repeatedWrongSecretsOfOneKeyAreOneGroupedAlertWithALinkAndNoSecret() {
        String prefix = prefixOf(tenant.viewerKey());
        String wrong = "imp_" + prefix + "_guessed-secret-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        for (int i = 0; i < 3; i++) {
            assertThat(api.get("/api/v1/runs", wrong).status()).isEqualTo(401);
        }
        TestTenant bystander = tenants.create("creds-bystander");
        assertThat(api.get("/api/v1/runs", "imp_0badc0ffee00_nobody-issued-this-key-000000000000000000000").status()).isEqualTo(401);

        await().atMost(Duration.ofSeconds(30)).until(() -> posts.size() == 1);
        assertThat(posts.get(0).get("text").asText()).contains("[WARN]", "imp_" + prefix, "https://importer.example.org/console/audit")
                .doesNotContain("guessed-secret");
        JsonNode listed = api.get("/api/v1/alerts", tenant.adminKey()).json();
        assertThat(listed.get("total").asInt()).as(listed.toString()).isEqualTo(1);
        assertThat(listed.at("/items/0/kind").asText()).isEqualTo("credential_failed:" + prefix);
        assertThat(listed.at("/items/0/occurrences").asInt()).isEqualTo(3);
        assertThat(api.get("/api/v1/alerts", bystander.adminKey()).json().get("total").asInt()).isZero();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> posts.size() == 1);
    }

    @Test
    void aRevokedKeyStillInUseIsACredentialsAlertOfItsOwnGroup() {
        String revoked = tenant.viewerKey();
        jdbc.update("UPDATE api_keys SET revoked_at = now() WHERE tenant_id = ? AND prefix = ?", tenant.id(), prefixOf(revoked));
        assertThat(api.get("/api/v1/runs", revoked).status()).isEqualTo(401);
        String otherWrong = "imp_" + prefixOf(tenant.adminKey()) + "_wrong-BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";
        assertThat(api.get("/api/v1/runs", otherWrong).status()).isEqualTo(401);

        await().atMost(Duration.ofSeconds(30)).until(() -> posts.size() == 2);
        JsonNode listed = api.get("/api/v1/alerts", tenant.adminKey()).json();
        assertThat(listed.get("items")).extracting(a -> a.get("kind").asText()).containsExactlyInAnyOrder(
                "credential_failed:" + prefixOf(revoked), "credential_failed:" + prefixOf(tenant.adminKey()));
    }
}
