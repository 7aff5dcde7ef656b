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
        assertThat(browser.findElement(By.cssSelector("main .paging")).getText()).contains("26");
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

    private static final String SHORT_HEADER = "external_id,first_name,last_name,email\n";

    @Test
    void anUndoOverLaterChangesIsRefusedInThePageNamingTheFieldAndRunAndAnAdminForcesItWithAReason() {
        api.importCsv("volunteers", tenant.adminKey(), SHORT_HEADER + "S-1,Frances,Allen,s-1@example.org\n"
                + "S-2,Niklaus,Wirth,s-2@example.org\n");
        long suggestion = jdbc.queryForObject("""
                INSERT INTO dedupe_suggestions (tenant_id, entity_type, left_id, right_id, score, features)
                VALUES (?, 'person', ?, ?, 0.9, '[]') RETURNING id""", Long.class, tenant.id(), recordOf("S-1"),
                recordOf("S-2"));
        long merge = api.send("POST", "/api/v1/duplicates/" + suggestion + "/merge", tenant.adminKey(),
                "{\"survivor\": \"left\"}").json().get("mergeId").asLong();
        String later = api.importCsv("volunteers", tenant.adminKey(), SHORT_HEADER + "S-1,Frances,Allen,fran@new.example.org\n")
                .get("id").asText();

        signIn(tenant.adminKey());
        browser.get(base + "/console/duplicates/merges");
        browser.findElement(By.cssSelector("tr[data-merge-id='" + merge + "'] button[value=undo]")).click();
        Browser.waiting(browser).until(d -> !d.findElements(By.cssSelector("[data-conflict=survivor_changed]")).isEmpty());
        WebElement email = browser.findElement(By.cssSelector("[data-changed-field=email]"));
        assertThat(email.findElement(By.cssSelector("a[data-changed-by-run]")).getAttribute("href"))
                .endsWith("/console/runs/" + later);
        assertThat(browser.findElements(By.cssSelector("[data-changed-field=first_name], [data-changed-field=last_name]")))
                .as("fields the later run left as they were").isEmpty();
        assertThat(api.get("/api/v1/merges/" + merge, tenant.adminKey()).json().hasNonNull("undoneAt")).isFalse();
        Browser.screenshot(browser, "merge-conflict");

        browser.findElement(By.id("force-reason")).sendKeys("the pair was two people");
        browser.findElement(By.cssSelector("button[value=force]")).click();
        Browser.waiting(browser).until(d -> !d.findElement(By.cssSelector("tr[data-merge-id='" + merge + "'] [data-undone]"))
                .getText().isEmpty());
        assertThat(browser.findElements(By.cssSelector("[data-conflict]"))).isEmpty();
        assertThat(api.get("/api/v1/merges/" + merge, tenant.adminKey()).json().hasNonNull("undoneAt")).isTrue();
        JsonNode audit = api.get("/api/v1/audit?action=merge.undone", tenant.adminKey()).json();
        assertThat(audit.at("/items/0/after/forced/reason").asText()).isEqualTo("the pair was two people");
        assertThat(audit.at("/items/0/actor").asText()).startsWith("key:");
    }

    @Test
    void aFixOverANewerRunsValuesIsRefusedInThePageKeepingWhatWasTypedAndAStewardForcesItWithAReason() {
        JsonNode older = api.importCsv("volunteers", tenant.adminKey(), SHORT_HEADER + "Q-7,Ada,Lovelace,ada-at-example\n");
        long violation = api.get("/api/v1/runs/" + older.get("id").asText() + "/violations", tenant.adminKey()).json()
                .at("/items/0/id").asLong();
        String newer = api.importCsv("volunteers", tenant.adminKey(), SHORT_HEADER + "Q-7,Adeline,Lovelace,adeline@example.org\n")
                .get("id").asText();

        signIn(governance.key(tenant.id(), "steward"));
        browser.get(base + "/console/quarantine/" + violation);
        WebElement email = browser.findElement(By.cssSelector("input[name=email]"));
        email.clear();
        email.sendKeys("ada@example.org");
        browser.findElement(By.cssSelector("button[value=fix]")).click();
        Browser.waiting(browser).until(d -> !d.findElements(By.cssSelector("[data-conflict=record_changed_since]")).isEmpty());
        assertThat(browser.findElement(By.cssSelector("[data-changed-field=first_name] a[data-changed-by-run]"))
                .getAttribute("href")).endsWith("/console/runs/" + newer);
        assertThat(browser.findElements(By.cssSelector("[data-changed-field=last_name]"))).isEmpty();
        assertThat(browser.findElement(By.cssSelector("input[name=email]")).getAttribute("value"))
                .as("what the steward typed is still there").isEqualTo("ada@example.org");
        assertThat(browser.findElement(By.cssSelector("[data-violation-status]")).getText()).isEqualTo("open");
        Browser.screenshot(browser, "violation-conflict");

        assertThat(Browser.script(browser, "return document.getElementById('force-reason').closest('form')"
                + ".checkValidity() || document.getElementById('force-reason').validity.valueMissing === false;"))
                .as("the form does not send a force without a reason").isEqualTo(false);
        browser.findElement(By.id("force-reason")).sendKeys("the older export was right");
        browser.findElement(By.cssSelector("button[value=force]")).click();
        Browser.waiting(browser).until(d -> d.findElement(By.cssSelector("[data-violation-status]")).getText().equals("fixed"));
        assertThat(api.get("/api/v1/violations/" + violation, tenant.adminKey()).json().at("/violation/status").asText())
                .isEqualTo("fixed");
        assertThat(api.get("/api/v1/records/person", tenant.adminKey()).json().at("/items/0/attributes/first_name").asText())
                .isEqualTo("Ada");
        JsonNode audit = api.get("/api/v1/audit?action=violation.fixed", tenant.adminKey()).json();
        assertThat(audit.at("/items/0/after/forced/reason").asText()).isEqualTo("the older export was right");
        assertThat(audit.at("/items/0/actorRole").asText()).isEqualTo("steward");
    }

    @Test
    void aViewerSeesAPairWithItsContactValuesAndTheirFeatureValuesMaskedAndStillWhereTheyDiffer() {
        importAPairForReview();
        signIn(tenant.viewerKey());
        browser.get(base + "/console/duplicates");
        browser.findElement(By.cssSelector("[data-pair-id] a")).click();
        WebElement email = browser.findElement(By.cssSelector("tr[data-field=email]"));
        assertThat(email.getAttribute("data-differs")).isEqualTo("true");
        assertThat(email.findElements(By.tagName("td")).stream().map(WebElement::getText)).containsOnly("***");
        assertThat(browser.findElement(By.cssSelector("tr[data-field=first_name]")).getText()).contains("Jon");
        assertThat(browser.getPageSource()).doesNotContain("jsmith@work.example.org").doesNotContain("jon+events@gmail.com")
                .doesNotContain("jsmith").doesNotContain("07911");
        assertThat(browser.findElements(By.cssSelector("main form[method=post] button"))).isEmpty();
    }

    /** Two people loaded as unrelated and a pending suggestion pairing them with the score given. */
    private long suggestion(int n, double score) {
        String left = "P-" + n;
        String right = "P-" + (n + 1);
        api.importCsv("volunteers", tenant.adminKey(), SHORT_HEADER + left + "," + FIRST.get(n) + "," + LAST.get(n) + ","
                + left.toLowerCase() + "@example.org\n" + right + "," + FIRST.get(n + 1) + "," + LAST.get(n + 1) + ","
                + right.toLowerCase() + "@example.org\n");
        return jdbc.queryForObject("""
                INSERT INTO dedupe_suggestions (tenant_id, entity_type, left_id, right_id, score, features)
                VALUES (?, 'person', ?, ?, ?, '[]') RETURNING id""", Long.class, tenant.id(), recordOf(left), recordOf(right),
                score);
    }

    private String pairStatus(long id) {
        return api.get("/api/v1/duplicates/" + id, tenant.adminKey()).json().get("status").asText();
    }

    @Test
    void aStewardDefersAPairRefusesAnotherAndBatchMergesOnlyTheSelectedPairsAtTheScore() {
        long deferred = suggestion(0, 0.93);
        long notDuplicate = suggestion(2, 0.92);
        long high = suggestion(4, 0.97);
        long low = suggestion(6, 0.85);
        long unselected = suggestion(8, 0.99);
        signIn(governance.key(tenant.id(), "steward"));

        browser.get(base + "/console/duplicates/" + deferred);
        browser.findElement(By.cssSelector("button[value=defer]")).click();
        Browser.waiting(browser).until(d -> d.findElement(By.cssSelector("[data-pair-status]")).getText().equals("deferred"));
        browser.get(base + "/console/duplicates/" + notDuplicate);
        browser.findElement(By.cssSelector("button[value=not-duplicate]")).click();
        Browser.waiting(browser).until(d -> d.findElement(By.cssSelector("[data-pair-status]")).getText()
                .equals("not_duplicate"));

        browser.get(base + "/console/duplicates");
        assertThat(browser.findElements(By.cssSelector("tr[data-pair-id]"))).as("pending pairs only").hasSize(3);
        browser.findElement(By.id("pick-" + high)).click();
        browser.findElement(By.id("pick-" + low)).click();
        WebElement threshold = browser.findElement(By.name("minScore"));
        threshold.clear();
        threshold.sendKeys("0.9");
        browser.findElement(By.cssSelector("button[value=batch-merge]")).click();
        Browser.waiting(browser).until(d -> !d.findElements(By.cssSelector(".notice")).isEmpty());
        assertThat(browser.findElement(By.cssSelector(".notice")).getText()).contains("Merged 1 pairs").contains("left 1");

        assertThat(pairStatus(high)).isEqualTo("merged");
        assertThat(pairStatus(low)).as("selected, below the score").isEqualTo("pending");
        assertThat(pairStatus(unselected)).as("above the score, not selected").isEqualTo("pending");
        assertThat(pairStatus(deferred)).isEqualTo("deferred");
        assertThat(pairStatus(notDuplicate)).isEqualTo("not_duplicate");
        assertThat(api.get("/api/v1/audit?action=duplicate.merged", tenant.adminKey()).json().get("total").asInt())
                .isEqualTo(1);
    }

    private java.util.UUID recordOf(String externalId) {
        return jdbc.queryForObject("SELECT core_id FROM external_id_map WHERE tenant_id = ? AND external_id = ?",
                java.util.UUID.class, tenant.id(), externalId);
    }
}
