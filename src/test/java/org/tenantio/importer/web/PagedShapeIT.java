package org.tenantio.importer.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.TreeSet;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.tenantio.importer.support.Api;
import org.tenantio.importer.support.ApiIntegrationTest;

/**
 * Every GET endpoint the service serves, called as a tenant admin with real path values (a real
 * run, the sample pipeline): no JSON answer is a bare array, and every listing has the one paged
 * shape (items, total, limit, offset).
 */
class PagedShapeIT extends ApiIntegrationTest {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void noGetEndpointAnswersABareArrayAndEveryListingIsAPage() {
        String run = api.importCsv("volunteers", tenant.adminKey(), "external_id,first_name,last_name,email\nP-1,Pat,Page,broken\n")
                .get("id").asText();
        Set<String> paths = new TreeSet<>();
        mappings.getHandlerMethods().forEach((info, method) -> {
            if (info.getMethodsCondition().getMethods().contains(RequestMethod.GET)) {
                info.getPatternValues().stream().filter(p -> p.startsWith("/api/v1/")).forEach(paths::add);
            }
        });
        assertThat(paths).contains("/api/v1/runs/{id}/steps", "/api/v1/pipelines/{code}/rules");
        SoftAssertions soft = new SoftAssertions();
        int checked = 0;
        for (String pattern : paths) {
            String path = pattern.replace("{code}", "volunteers").replace("{entityType}", "person").replace("{id}", run);
            Api.Response r = api.get(path, tenant.adminKey());
            if (r.status() != 200 || !r.body().trim().startsWith("[") && !r.body().trim().startsWith("{")) {
                continue;
            }
            JsonNode body = r.json();
            checked++;
            soft.assertThat(body.isArray()).as("GET %s answers a bare array: %s", pattern, r.body()).isFalse();
            if (body.has("items")) {
                soft.assertThat(body.get("items").isArray()).as(pattern).isTrue();
                soft.assertThat(body.has("total") && body.has("limit") && body.has("offset")).as("GET %s paged shape", pattern).isTrue();
            }
        }
        soft.assertAll();
        assertThat(checked).as("JSON answers checked").isGreaterThan(15);
    }
}
