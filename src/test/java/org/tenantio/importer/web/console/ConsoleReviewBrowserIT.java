package org.tenantio.importer.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.tenantio.importer.support.IdentityFixtures;

/**
 * Reviewing what imports did, in the browser: a run's merges found by the database and paged, and
 * the API's refusals of an undo or a fix over newer changes shown in the page with a way to force
 * them with a reason.
 */
class ConsoleReviewBrowserIT extends ConsoleBrowserTest {

    private static final List<String> FIRST = List.of("Ada", "Brook", "Cyril", "Dagny", "Edsger", "Fenna", "Grete", "Hiro",
            "Ines", "Jarek", "Kofi", "Lotte", "Mads", "Nuno", "Olwen", "Pavel", "Quinn", "Rosa", "Sven", "Tamsin", "Ugo",
            "Vera", "Wim", "Xenia", "Yusuf", "Zora");
    private static final List<String> LAST = List.of("Abbott", "Bramley", "Castell", "Dunmore", "Ellery", "Fairweather",
            "Goodall", "Hartigan", "Ingleby", "Jessop", "Kilbride", "Lumley", "Merriman", "Northcott", "Oakeshott", "Pilkington",
            "Quarrie", "Rowntree", "Stanhope", "Thackeray", "Upjohn", "Villiers", "Wetherby", "Yardley", "Zetland", "Ashdown");

    /** {@code n} people each twice in one file (the second time without email, a street written shorter): auto-merged. */
    private static String pairs(int from, int n) {
        StringBuilder csv = new StringBuilder(IdentityFixtures.HEADER);
        for (int i = from; i < from + n; i++) {
            String first = FIRST.get(i % 26);
            String last = LAST.get((i + i / 26 * 7) % 26);
            String phone = String.format("07911 %06d", 100_000 + i * 37);
            String born = String.format("19%02d-%02d-%02d", 50 + i % 40, 1 + i % 12, 1 + i % 28);
            csv.append("A-").append(i).append(',').append(first).append(',').append(last).append(',')
                    .append(first.toLowerCase()).append('.').append(last.toLowerCase()).append("@example.org,").append(phone)
                    .append(',').append(born).append(',').append(i + 1).append(" High Street,London,,SW1A 1AA,GB\n");
            csv.append("B-").append(i).append(',').append(first).append(',').append(last).append(",,").append(phone)
                    .append(',').append(born).append(',').append(i + 1).append(" High St,London,,SW1A 1AA,GB\n");
        }
        return csv.toString();
    }

    @Test
    void aRunsMergesAreThatRunsOnlyPagedByTheServer() {
        JsonNode big = api.importCsv("volunteers", tenant.adminKey(), pairs(0, 26));
        assertThat(big.at("/counts/merged").asInt()).as("the file's pairs merged").isEqualTo(26);
        JsonNode small = api.importCsv("volunteers", tenant.adminKey(), pairs(26, 1));
        assertThat(small.at("/counts/merged").asInt()).isEqualTo(1);
        String bigRun = big.get("id").asText();

        signIn(governance.key(tenant.id(), "analyst"));
        browser.get(base + "/console/runs/" + bigRun);
        browser.findElement(By.linkText("Open its merges")).click();
        assertThat(browser.findElement(By.cssSelector("[data-merges-run]")).getText()).isEqualTo(bigRun.substring(0, 8));
        List<WebElement> first = browser.findElements(By.cssSelector("tr[data-merge-id]"));
        assertThat(first).hasSize(Paging.SIZE);
        assertThat(browser.findElement(By.cssSelector("nav.paging")).getText()).contains("26");
        browser.findElement(By.cssSelector("a[rel=next]")).click();
        List<WebElement> second = browser.findElements(By.cssSelector("tr[data-merge-id]"));
        assertThat(second).hasSize(1);
        assertThat(second.get(0).findElement(By.cssSelector("td a[href*='/console/runs/']")).getText())
                .isEqualTo(bigRun.substring(0, 8));
        assertThat(browser.findElements(By.cssSelector("a[rel=next]"))).isEmpty();

        JsonNode viaApi = api.get("/api/v1/merges?runId=" + small.get("id").asText(), tenant.adminKey()).json();
        assertThat(viaApi.get("total").asInt()).isEqualTo(1);
        assertThat(viaApi.at("/items/0/runId").asText()).isEqualTo(small.get("id").asText());
        assertThat(api.get("/api/v1/merges?runId=" + bigRun + "&limit=1", tenant.adminKey()).json().get("total").asInt())
                .isEqualTo(26);
    }
}
