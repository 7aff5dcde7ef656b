package org.tenantio.importer.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.tenantio.importer.pipeline.Pipeline;
import org.tenantio.importer.pipeline.PipelineRepository;
import org.tenantio.importer.support.ApiIntegrationTest;

/**
 * The trends page reads the health series: a source that reports {@code source_updated_at}
 * gets a freshness chart, table column and CSV column with the lag its run measured; a tenant
 * whose sources do not gets the explanation and no empty chart.
 */
class TrendsPageIT extends ApiIntegrationTest {

    private static final Pattern SERIES = Pattern.compile("id=\"trend-series\">(.*?)</script>", Pattern.DOTALL);

    @Autowired
    PipelineRepository pipelines;

    private String importThreeHoursStale() {
        UUID id = pipelines.create(tenant.id(), new Pipeline(null, tenant.id(), "stamped", "stamped", "import", List.of("csv"),
                "person", null, "active", Map.of("matching", "off")), "test", "test set-up");
        jdbc.update("UPDATE pipelines SET mapping_inline = ?::jsonb WHERE id = ?", """
                {"entity":"person","externalSystem":"s","externalIdField":"id","columns":[{"source":"id"},
                 {"source":"first","field":"first_name"},{"source":"last","field":"last_name"},{"source":"email"},
                 {"source":"updated","field":"source_updated_at"}]}""", id);
        String updated = OffsetDateTime.now(ZoneOffset.UTC).minusHours(3).withNano(0).toString();
        JsonNode run = api.importCsv("stamped", tenant.adminKey(), "id,first,last,email,updated\nT-1,Tess,Trend,tess@example.org," + updated + "\n");
        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("completed");
        return run.get("id").asText();
    }

    @Test
    void aSourceThatReportsFreshnessGetsItsChartTableAndCsvColumn() throws Exception {
        importThreeHoursStale();
        ConsoleRoleMatrixIT.Session session = new ConsoleRoleMatrixIT.Session(port);
        session.signIn(tenant.viewerKey());

        HttpResponse<String> page = session.get("/console/trends?pipeline=stamped");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("data-chart=\"freshnessLagHours\"").doesNotContain("data-no-freshness");
        Matcher m = SERIES.matcher(page.body());
        assertThat(m.find()).isTrue();
        JsonNode series = new ObjectMapper().readTree(m.group(1));
        JsonNode today = series.get(series.size() - 1);
        assertThat(today.get("day").asText()).isEqualTo(LocalDate.now(ZoneOffset.UTC).toString());
        assertThat(today.get("freshnessLagSeconds").asLong()).isBetween(3 * 3600L, 3 * 3600L + 600);
        assertThat(page.body()).contains("data-freshness>3 h 0");

        HttpResponse<String> csv = session.get("/console/trends/export?pipeline=stamped");
        List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(
                new java.io.StringReader(csv.body())).getRecords();
        CSVRecord last = rows.get(rows.size() - 1);
        assertThat(Long.parseLong(last.get("freshness_lag_seconds"))).isBetween(3 * 3600L, 3 * 3600L + 600);
        assertThat(rows.get(0).get("freshness_lag_seconds")).isEmpty();
    }

    @Test
    void aTenantWhoseSourcesReportNoFreshnessIsToldWhyThereIsNoChart() {
        api.importCsv("volunteers", tenant.adminKey(), "first_name,last_name,email\nAda,Lovelace,ada@example.org\n");
        ConsoleRoleMatrixIT.Session session = new ConsoleRoleMatrixIT.Session(port);
        session.signIn(tenant.viewerKey());

        HttpResponse<String> page = session.get("/console/trends");

        assertThat(page.body()).contains("data-no-freshness").doesNotContain("data-chart=\"freshnessLagHours\"");
        assertThat(page.body()).contains("data-chart=\"rejectRate\"");
    }
}
