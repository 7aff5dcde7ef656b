package org.tenantio.importer.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tenantio.importer.support.Api;
import org.tenantio.importer.support.ApiIntegrationTest;

/** Record listings page by keyset cursor and filter by name, email, external id and update time. */
class RecordListingIT extends ApiIntegrationTest {

    private static String people(String prefix, int from, int count) {
        StringBuilder csv = new StringBuilder("external_id,first_name,last_name,email\n");
        for (int i = from; i < from + count; i++) {
            csv.append(prefix).append('-').append(i).append(",Given").append(i).append(",Family").append(i)
                    .append(',').append(prefix.toLowerCase()).append(i).append("@example.org\n");
        }
        return csv.toString();
    }

    private List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(r -> ids.add(r.get("id").asText()));
        return ids;
    }

    @Test
    void keysetPagesReturnEveryRecordExactlyOnceEvenWhileRecordsArrive() {
        assertThat(api.importCsv("volunteers", tenant.adminKey(), people("A", 0, 53)).get("status").asText())
                .isEqualTo("completed");
        Set<String> before = new HashSet<>(jdbc.queryForList(
                "SELECT id::text FROM core_records WHERE tenant_id = ? AND merged_into IS NULL", String.class, tenant.id()));
        assertThat(before).hasSize(53);

        List<String> seen = new ArrayList<>();
        List<String> byOffset = ids(api.get("/api/v1/records/person?limit=100", tenant.adminKey()).json());
        String next = null;
        int pages = 0;
        do {
            JsonNode page = api.get("/api/v1/records/person?limit=7" + (next == null ? "" : "&after=" + next),
                    tenant.adminKey()).json();
            seen.addAll(ids(page));
            next = page.path("next").isMissingNode() ? null : page.get("next").asText();
            if (++pages == 3) {
                // Records landing mid-read come after the cursor: nothing read so far shifts or repeats.
                api.importCsv("volunteers", tenant.adminKey(), people("B", 0, 5));
            }
        } while (next != null);

        assertThat(seen).doesNotHaveDuplicates().hasSize(58).containsAll(before);
        assertThat(seen.subList(0, 53)).containsExactlyElementsOf(byOffset.subList(0, 53));
    }

    @Test
    void filtersNarrowByNameEmailExternalIdAndUpdateTime() {
        api.importCsv("volunteers", tenant.adminKey(), people("C", 0, 12));
        JsonNode byName = api.get("/api/v1/records/person?q=given1", tenant.adminKey()).json();
        assertThat(byName.get("total").asInt()).isEqualTo(3); // Given1, Given10, Given11
        assertThat(api.get("/api/v1/records/person?q=" + enc("given7 family7"), tenant.adminKey()).json()
                .get("total").asInt()).isEqualTo(1);
        JsonNode byEmail = api.get("/api/v1/records/person?email=C4@EXAMPLE.ORG", tenant.adminKey()).json();
        assertThat(byEmail.get("total").asInt()).isEqualTo(1);
        assertThat(byEmail.at("/items/0/attributes/first_name").asText()).isEqualTo("Given4");
        JsonNode byExternal = api.get("/api/v1/records/person?externalId=C-9", tenant.adminKey()).json();
        assertThat(byExternal.at("/items/0/attributes/last_name").asText()).isEqualTo("Family9");
        assertThat(api.get("/api/v1/records/person?updatedSince=" + enc("2999-01-01T00:00:00Z"), tenant.adminKey())
                .json().get("total").asInt()).isZero();
        assertThat(api.get("/api/v1/records/person?updatedSince=" + enc("2000-01-01T00:00:00Z"), tenant.adminKey())
                .json().get("total").asInt()).isEqualTo(12);
        // LIKE wildcards in q are literal characters, not patterns.
        assertThat(api.get("/api/v1/records/person?q=%25", tenant.adminKey()).json().get("total").asInt()).isZero();
        assertThat(api.get("/api/v1/records/person?q=_", tenant.adminKey()).json().get("total").asInt()).isZero();
    }

    @Test
    void badCursorsAndFiltersAreClearFourHundreds() {
        assertError(api.get("/api/v1/records/person?after=not-a-cursor", tenant.adminKey()), 400, "invalid_cursor");
        assertError(api.get("/api/v1/records/person?after=" + new RecordCursor(java.time.OffsetDateTime.now(), 1,
                java.util.UUID.randomUUID()).encode() + "&offset=5", tenant.adminKey()), 400, "invalid_paging");
        assertError(api.get("/api/v1/records/person?updatedSince=yesterday", tenant.adminKey()), 400, "invalid_time");
        assertError(api.get("/api/v1/records/person?q=" + "x".repeat(400), tenant.adminKey()), 400, "invalid_filter");
        assertError(api.get("/api/v1/records/person?email=a@example.org", tenant.viewerKey()), 403, "forbidden");
    }

    @Test
    void everyShortListingAnswersThePagedShape() {
        for (String path : List.of("/api/v1/api-keys", "/api/v1/webhooks", "/api/v1/runs", "/api/v1/records/person")) {
            JsonNode page = api.get(path, tenant.adminKey()).json();
            assertThat(page.get("items").isArray()).as(path).isTrue();
            assertThat(page.has("total") && page.has("limit") && page.has("offset")).as(path).isTrue();
        }
        assertThat(api.get("/api/v1/api-keys", tenant.adminKey()).json().get("total").asInt()).isEqualTo(2);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void assertError(Api.Response r, int status, String code) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().at("/error/code").asText()).isEqualTo(code);
    }
}
