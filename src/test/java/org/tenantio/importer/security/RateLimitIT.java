package org.tenantio.importer.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.tenantio.importer.support.ApiIntegrationTest;
import org.tenantio.importer.support.Governance;
import org.tenantio.importer.support.Http;

/** Requests per minute per key: over it is 429 with Retry-After; other keys and tenants go on. */
class RateLimitIT extends ApiIntegrationTest {

    @Autowired
    Governance governance;

    @Test
    void overTheLimitConcurrentRequestsGet429WithRetryAfter() throws Exception {
        governance.requestsPerMinute(tenant.id(), 5);
        String key = governance.key(tenant.id(), "analyst");
        Http http = new Http(port);

        List<Http.Reply> replies = Http.atOnce(12, () -> http.call("GET", "/api/v1/runs", null, "X-API-Key", key));

        assertThat(replies.stream().filter(r -> r.status() == 200).count()).isEqualTo(5);
        List<Http.Reply> limited = replies.stream().filter(r -> r.status() == 429).toList();
        assertThat(limited).hasSize(7);
        assertThat(limited.get(0).json().at("/error/code").asText()).isEqualTo("rate_limited");
        assertThat(limited.get(0).json().at("/error/details").isArray()).isTrue();
        assertThat(Long.parseLong(limited.get(0).header("Retry-After"))).isBetween(1L, 60L);
        // The limit is the key's: the tenant's other keys, and other tenants, are not held back.
        assertThat(http.call("GET", "/api/v1/runs", null, "X-API-Key", tenant.adminKey()).status()).isEqualTo(200);
        assertThat(http.call("GET", "/api/v1/runs", null, "X-API-Key", tenants.create("else").adminKey()).status())
                .isEqualTo(200);
    }
}
