package org.tenantio.importer.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** With IMPORTER_METRICS_TOKEN set, the scrape needs it as a bearer token; other paths are untouched. */
class ScrapeAccessFilterTest {

    private static MockHttpServletResponse call(ScrapeAccessFilter filter, String path, String authorization) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        if (authorization != null) {
            request.addHeader("Authorization", authorization);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request, response, chain);
        if (chain.getRequest() != null) {
            response.setStatus(299); // reached the endpoint
        }
        return response;
    }

    @Test
    void aSetTokenIsRequiredAsABearerToken() throws Exception {
        int[] refreshed = {0};
        StoredFigures figures = new StoredFigures(null, null, null) {
            @Override
            public synchronized void refresh() {
                refreshed[0]++;
            }
        };
        ScrapeAccessFilter filter = new ScrapeAccessFilter("s3cret-token", figures);
        assertThat(call(filter, ScrapeAccessFilter.PATH, null).getStatus()).isEqualTo(401);
        assertThat(call(filter, ScrapeAccessFilter.PATH, "Bearer wrong").getStatus()).isEqualTo(401);
        assertThat(call(filter, ScrapeAccessFilter.PATH, "Basic s3cret-token").getStatus()).isEqualTo(401);
        MockHttpServletResponse refused = call(filter, ScrapeAccessFilter.PATH, "Bearer s3cret-tokenX");
        assertThat(refused.getContentAsString()).contains("\"code\":\"unauthenticated\"").doesNotContain("s3cret");
        assertThat(refreshed[0]).isZero();
        assertThat(call(filter, ScrapeAccessFilter.PATH, "Bearer s3cret-token").getStatus()).isEqualTo(299);
        assertThat(call(filter, ScrapeAccessFilter.PATH, "bearer  s3cret-token ").getStatus()).isEqualTo(299);
        assertThat(refreshed[0]).isEqualTo(2);
        assertThat(call(filter, "/actuator/health", null).getStatus()).isEqualTo(299);
        assertThat(call(new ScrapeAccessFilter("", figures), ScrapeAccessFilter.PATH, null).getStatus()).isEqualTo(299);
    }
}
