package org.tenantio.importer.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.internet.MimeMessage;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tenantio.importer.support.Api;
import org.tenantio.importer.support.ApiIntegrationTest;
import org.tenantio.importer.support.TestFolders;

/**
 * Alerts reach a real SMTP server (GreenMail on loopback) and a Slack-compatible webhook (a
 * loopback HTTP server); repeats are grouped; GET /api/v1/alerts lists what fired.
 */
class AlertsIT extends ApiIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private GreenMail smtp;
    private HttpServer slack;
    private final List<JsonNode> slackPosts = new CopyOnWriteArrayList<>();

    @BeforeEach
    void servers() throws Exception {
        smtp = new GreenMail(new ServerSetup(TestFolders.SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        slack = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        slack.createContext("/services/T000/B000/XXXX", exchange -> {
            slackPosts.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(200, 2);
            exchange.getResponseBody().write("ok".getBytes(StandardCharsets.UTF_8));
            exchange.close();
        });
        slack.start();
    }

    @AfterEach
    void stop() {
        smtp.stop();
        slack.stop(0);
    }

    private String slackUrl() {
        return "http://127.0.0.1:" + slack.getAddress().getPort() + "/services/T000/B000/XXXX";
    }

    private Api.Response addChannel(String key, String kind, String target) {
        return api.send("POST", "/api/v1/alert-channels", key, "{\"kind\":\"" + kind + "\",\"target\":\"" + target + "\"}");
    }

    @Test
    void aPartialFailureIsMailedAndPostedOnceWithALinkToTheRunAndRepeatsAreGrouped() throws Exception {
        assertThat(addChannel(tenant.adminKey(), "email", "ops@example.org").status()).isEqualTo(201);
        assertThat(addChannel(tenant.adminKey(), "slack", slackUrl()).status()).isEqualTo(201);
        // One row in twenty quarantined: a partial failure, below the reject-rate alarm.
        StringBuilder csv = new StringBuilder("external_id,first_name,last_name,email\nA-0,Al,Alert,broken\n");
        for (int i = 1; i < 20; i++) {
            csv.append("A-").append(i).append(",Ann").append(i).append(",Alert,ann").append(i).append("@example.org\n");
        }
        String bad = csv.toString();

        JsonNode first = api.importCsv("volunteers", tenant.adminKey(), bad);
        await().atMost(Duration.ofSeconds(30)).until(() -> smtp.getReceivedMessages().length == 1 && slackPosts.size() == 1);
        MimeMessage mail = smtp.getReceivedMessages()[0];
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("ops@example.org");
        assertThat(mail.getSubject()).contains("partial_failure").contains("volunteers");
        String link = "https://importer.example.org/console/runs/" + first.get("id").asText();
        assertThat((String) mail.getContent()).contains("1 of 20 rows quarantined").contains(link);
        assertThat(slackPosts.get(0).get("text").asText()).contains("[WARN]").contains(link);

        api.importCsv("volunteers", tenant.adminKey(), bad.replace("A-", "B-").replace("Ann", "Bea").replace("ann", "bea"));
        // alerts are raised on their own queue after the run completes
        await().atMost(Duration.ofSeconds(30)).until(() ->
                api.get("/api/v1/alerts", tenant.viewerKey()).json().at("/items/0/occurrences").asInt() == 2);
        JsonNode listed = api.get("/api/v1/alerts", tenant.viewerKey()).json();
        assertThat(listed.get("total").asInt()).as(listed.toString()).isEqualTo(1);
        assertThat(listed.at("/items/0/kind").asText()).isEqualTo("partial_failure");
        assertThat(listed.at("/items/0/occurrences").asInt()).isEqualTo(2);
        // The repeat was grouped: nobody was told twice (the first notices arrived; the second never comes).
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> smtp.getReceivedMessages().length == 1 && slackPosts.size() == 1);
    }

    @Test
    void aFailedRunPagesAndAPipelineWithAlertsOffStaysQuiet() throws Exception {
        assertThat(addChannel(tenant.adminKey(), "email", "pager@example.org").status()).isEqualTo(201);
        Api.Response started = api.postCsv("/api/v1/pipelines/volunteers/runs", tenant.adminKey(), "shoe_size\n44\n");
        JsonNode failed = api.awaitRun(started.json().get("id").asText(), tenant.adminKey());
        assertThat(failed.get("status").asText()).isEqualTo("failed");
        await().atMost(Duration.ofSeconds(30)).until(() -> smtp.getReceivedMessages().length == 1);
        assertThat(smtp.getReceivedMessages()[0].getSubject()).contains("page").contains("run_failed");

        jdbc.update("UPDATE pipelines SET options = options || '{\"alerts\":\"off\"}' WHERE tenant_id = ?", tenant.id());
        api.importCsv("volunteers", tenant.adminKey(), "external_id,first_name,last_name,email\nC-1,Cy,Quiet,broken\n");
        assertThat(api.get("/api/v1/alerts", tenant.adminKey()).json().get("total").asInt()).isEqualTo(1);
    }

    @Test
    void channelsAreAdminOnlyAndAWebhookHostMustBeInTheDeliveryAllowlist() {
        assertThat(addChannel(tenant.viewerKey(), "email", "x@example.org").status()).isEqualTo(403);
        Api.Response outside = addChannel(tenant.adminKey(), "slack", "https://hooks.slack.example.com/services/x");
        assertThat(outside.status()).isEqualTo(400);
        assertThat(outside.json().at("/error/code").asText()).isEqualTo("invalid_alert_channel");
        assertThat(addChannel(tenant.adminKey(), "slack", "file:///etc/passwd").status()).isEqualTo(400);
        assertThat(addChannel(tenant.adminKey(), "email", "not an address").status()).isEqualTo(400);
        assertThat(addChannel(tenant.adminKey(), "pigeon", "x").status()).isEqualTo(400);
        assertThat(api.send("POST", "/api/v1/alert-channels", tenant.adminKey(), "{}").status()).isEqualTo(400);
        String id = addChannel(tenant.adminKey(), "email", "ops@example.org").json().get("id").asText();
        assertThat(api.get("/api/v1/alert-channels", tenant.adminKey()).json().get("total").asInt()).isEqualTo(1);
        assertThat(api.send("DELETE", "/api/v1/alert-channels/" + id, tenant.adminKey(), "").status()).isEqualTo(204);
        assertThat(api.send("DELETE", "/api/v1/alert-channels/" + id, tenant.adminKey(), "").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/alerts?since=yesterday", tenant.adminKey()).status()).isEqualTo(400);
    }
}
