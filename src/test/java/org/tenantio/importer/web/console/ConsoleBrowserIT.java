package org.tenantio.importer.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import com.fasterxml.jackson.databind.JsonNode;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The console driven as a person drives it, in a real headless Chromium against the whole service.
 */
class ConsoleBrowserIT extends ConsoleBrowserTest {

    static final Path VOLUNTEERS = Path.of("docs/samples/volunteers.csv");

    @Test
    void aWrongKeyStaysOnTheSignInPageAndTheRightOneOpensTheRuns() {
        signIn("imp_000000000000_not-a-key-of-anyone");
        assertThat(browser.getCurrentUrl()).endsWith("/console/login");
        assertThat(browser.findElement(By.cssSelector("[role=alert]")).getText()).contains("not valid");
        Browser.screenshot(browser, "login");

        signIn(tenant.adminKey());
        Browser.waiting(browser).until(ExpectedConditions.urlContains("/console/runs"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Runs");

        browser.findElement(By.cssSelector("form.signout button")).click();
        Browser.waiting(browser).until(ExpectedConditions.urlContains("/console/login"));
        browser.get(base + "/console/runs");
        assertThat(browser.getCurrentUrl()).as("signed out: the runs need signing in again").contains("/console/login");
    }

    @Test
    void aRunPageFollowsALiveRunWithoutReloadingAndEndsWithItsCounts() throws Exception {
        StringBuilder csv = new StringBuilder("external_id,first_name,last_name,email\n");
        for (int i = 0; i < 10_000; i++) {
            csv.append("L-").append(i).append(",Person").append(i).append(",Live").append(i % 97)
                    .append(",person").append(i).append("@example.org\n");
        }
        signIn(tenant.adminKey());
        String runId = api.postCsv("/api/v1/pipelines/volunteers/runs", tenant.adminKey(), csv.toString()).json()
                .get("id").asText();
        browser.get(base + "/console/runs/" + runId);
        Browser.script(browser, "window.consoleTestMarker = 'same page';");
        List<String> seen = new ArrayList<>();
        Browser.waiting(browser).until(d -> {
            // One script reads both, so an htmx swap cannot fall between them.
            String state = (String) Browser.script(browser, "return document.querySelector('[data-run-status]')"
                    + ".getAttribute('data-run-status') + '/' + document.querySelector('[data-count=read]').textContent;");
            String status = state.substring(0, state.indexOf('/'));
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(state)) {
                seen.add(state);
            }
            return status.equals("completed");
        });
        assertThat(seen).as("states the page showed").hasSizeGreaterThan(1);
        assertThat(Browser.script(browser, "return window.consoleTestMarker;")).as("no reload").isEqualTo("same page");
        assertThat(browser.findElement(By.cssSelector("[data-count=inserted]")).getText()).isEqualTo("10000");
        assertThat(browser.findElements(By.cssSelector("[hx-trigger]"))).as("polling stops when the run ends").isEmpty();
        Browser.screenshot(browser, "run");

        browser.get(base + "/console/runs");
        assertThat(browser.findElement(By.cssSelector("tr[data-run-id='" + runId + "']")).getText()).contains("completed");
        Browser.screenshot(browser, "runs");
    }
    String uploadThroughThePage(Path file) {
        browser.get(base + "/console/upload");
        Browser.screenshot(browser, "upload");
        new Select(browser.findElement(By.cssSelector("select[name=pipeline]"))).selectByValue("volunteers");
        browser.findElement(By.cssSelector("input[type=file][name=file]")).sendKeys(file.toAbsolutePath().toString());
        browser.findElement(By.cssSelector("button[value=preview]")).click();
        Browser.waiting(browser).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("button[value=start]")));
        return browser.getCurrentUrl();
    }

    @Test
    void theSampleUploadedThroughThePageEndsWith5InsertedAnd5QuarantinedAndTheFmt101RowIsFixedInPlace() {
        signIn(tenant.adminKey());
        uploadThroughThePage(VOLUNTEERS);
        assertThat(browser.findElements(By.cssSelector("tr[data-column]"))).hasSize(11);
        assertThat(browser.findElement(By.cssSelector("[data-mapping-version]")).getText()).isEqualTo("1");
        Browser.screenshot(browser, "upload-preview");
        browser.findElement(By.cssSelector("button[value=start]")).click();
        String runId = awaitCompleted();
        assertThat(count("inserted")).isEqualTo("5");
        assertThat(count("quarantined")).isEqualTo("5");
        assertThat(count("updated")).isEqualTo("0");

        browser.findElement(By.linkText("Open its violations")).click();
        assertThat(browser.findElements(By.cssSelector("[data-violation-id]"))).hasSize(5);
        Browser.screenshot(browser, "quarantine");
        WebElement fmt101 = browser.findElement(By.cssSelector("tr[data-rule='FMT-101']"));
        String violationId = fmt101.getAttribute("data-violation-id");
        fmt101.findElement(By.tagName("a")).click();
        WebElement email = browser.findElement(By.cssSelector("input[name=email]"));
        assertThat(email.getAttribute("value")).isEqualTo("not-an-email");
        Browser.screenshot(browser, "violation");
        email.clear();
        email.sendKeys("margaret@example.org");
        browser.findElement(By.cssSelector("button[value=fix]")).click();
        Browser.waiting(browser).until(ExpectedConditions.textToBe(By.cssSelector("[data-violation-status]"), "fixed"));

        JsonNode viaApi = api.get("/api/v1/violations/" + violationId, tenant.adminKey()).json();
        assertThat(viaApi.at("/violation/status").asText()).isEqualTo("fixed");
        assertThat(api.get("/api/v1/records/person?limit=100", tenant.adminKey()).body()).contains("margaret@example.org");
        assertThat(api.get("/api/v1/runs/" + runId, tenant.adminKey()).json().at("/counts/quarantined").asInt()).isEqualTo(4);
    }

    @Test
    void theSampleAsAnExcelWorkbookUploadedThroughThePageEndsWithTheSameCounts() throws Exception {
        Path workbook = Files.createTempFile("volunteers-", ".xlsx");
        try (org.apache.poi.xssf.usermodel.XSSFWorkbook book = new org.apache.poi.xssf.usermodel.XSSFWorkbook();
             org.apache.commons.csv.CSVParser rows = org.apache.commons.csv.CSVFormat.DEFAULT.parse(
                     Files.newBufferedReader(VOLUNTEERS))) {
            org.apache.poi.ss.usermodel.Sheet sheet = book.createSheet("Volunteers");
            for (org.apache.commons.csv.CSVRecord row : rows) {
                org.apache.poi.ss.usermodel.Row line = sheet.createRow((int) row.getRecordNumber() - 1);
                for (int i = 0; i < row.size(); i++) {
                    if (!row.get(i).isEmpty()) {
                        line.createCell(i).setCellValue(row.get(i));
                    }
                }
            }
            try (java.io.OutputStream out = Files.newOutputStream(workbook)) {
                book.write(out);
            }
        }
        signIn(governance.key(tenant.id(), "operator"));
        uploadThroughThePage(workbook);
        assertThat(browser.findElements(By.cssSelector("tr[data-column]"))).as("the workbook's header").hasSize(11);
        assertThat(browser.findElements(By.cssSelector("[data-unmapped]"))).isEmpty();
        browser.findElement(By.cssSelector("button[value=start]")).click();
        String runId = awaitCompleted();
        assertThat(count("inserted")).isEqualTo("5");
        assertThat(count("quarantined")).isEqualTo("5");
        JsonNode run = api.get("/api/v1/runs/" + runId, tenant.adminKey()).json();
        assertThat(run.get("fileName").asText()).startsWith("volunteers-").endsWith(".xlsx");
        assertThat(run.get("trigger").asText()).isEqualTo("upload");
    }

    @Test
    void aCorrectedMatchingIsSavedAsTheNextMappingVersionAndUsedByTheRun() throws Exception {
        Path renamed = Files.createTempFile("renamed-", ".csv");
        Files.writeString(renamed, "external_id,first_name,last_name,e_mail_address\nR-1,Ada,Lovelace,ada@example.org\n");
        signIn(tenant.adminKey());
        uploadThroughThePage(renamed);
        assertThat(browser.findElement(By.cssSelector("[data-unmapped]")).getText()).isEqualTo("e_mail_address");
        new Select(browser.findElement(By.cssSelector("tr[data-column='e_mail_address'] select"))).selectByValue("email");
        browser.findElement(By.cssSelector("button[value=save-mapping]")).click();
        // the save reloads the page: wait for the new one (reading the old one while it goes stale raced)
        Browser.waiting(browser).until(ExpectedConditions.textToBe(By.cssSelector("[data-mapping-version]"), "2"));
        assertThat(browser.findElements(By.cssSelector("[data-unmapped]"))).isEmpty();
        browser.findElement(By.cssSelector("button[value=start]")).click();
        awaitCompleted();
        assertThat(count("inserted")).isEqualTo("1");
        assertThat(api.get("/api/v1/records/person", tenant.adminKey()).json().at("/items/0/attributes/email").asText())
                .isEqualTo("ada@example.org");
        assertThat(api.get("/api/v1/audit?action=pipeline.mapping_changed", tenant.adminKey()).json().at("/items/0/actor")
                .asText()).startsWith("key:");
    }

    @Test
    void aStewardMergesADuplicatePairAndAnAdminUndoesTheMerge() {
        importAPairForReview();
        signIn(governance.key(tenant.id(), "steward"));
        browser.get(base + "/console/duplicates");
        Browser.screenshot(browser, "duplicates");
        browser.findElement(By.cssSelector("[data-pair-id] a")).click();
        assertThat(browser.findElement(By.cssSelector("tr[data-field=email]")).getAttribute("data-differs")).isEqualTo("true");
        assertThat(browser.findElements(By.cssSelector("meter"))).isNotEmpty();
        Browser.screenshot(browser, "duplicate");
        browser.findElement(By.cssSelector("button[value=merge]")).click();
        Browser.waiting(browser).until(ExpectedConditions.textToBe(By.cssSelector("[data-pair-status]"), "merged"));
        assertThat(api.get("/api/v1/records/person", tenant.adminKey()).json().get("total").asInt()).isEqualTo(1);

        signIn(tenant.adminKey());
        browser.get(base + "/console/duplicates/merges");
        browser.findElement(By.cssSelector("[data-merge-id] button[value=undo]")).click();
        Browser.waiting(browser).until(d -> !d.findElement(By.cssSelector("[data-merge-id] [data-undone]")).getText().isEmpty());
        Browser.screenshot(browser, "merges");
        assertThat(api.get("/api/v1/records/person", tenant.adminKey()).json().get("total").asInt()).isEqualTo(2);
    }

    @Test
    void aViewerSeesMaskedValuesAndNoButtons() {
        String runId = api.importCsv("volunteers", tenant.adminKey(), csvOf(VOLUNTEERS)).get("id").asText();
        signIn(tenant.viewerKey());
        browser.get(base + "/console/records");
        List<WebElement> emails = browser.findElements(By.cssSelector("td[data-field=email]"));
        assertThat(emails).hasSize(5); // one of the five loaded rows has a phone and no email
        assertThat(emails.stream().map(WebElement::getText).filter(t -> !t.isEmpty())).hasSize(4).containsOnly("***");
        assertThat(browser.getPageSource()).doesNotContain("ada.lovelace@example.org");
        browser.findElement(By.cssSelector("[data-record-id] a")).click();
        assertThat(browser.findElement(By.cssSelector("dd[data-field=email]")).getText()).isEqualTo("***");
        assertThat(browser.findElement(By.cssSelector("dd[data-field=first_name]")).getText()).isNotEqualTo("***");
        for (String page : List.of("/console/runs", "/console/runs/" + runId, "/console/pipelines/volunteers",
                "/console/duplicates", "/console/records")) {
            browser.get(base + page);
            assertThat(browser.findElements(By.cssSelector("main form[method=post] button, main select[name=mode]")))
                    .as("actions on %s for a viewer", page).isEmpty();
        }
        assertThat(browser.findElements(By.linkText("Quarantine"))).isEmpty();
        assertThat(browser.findElements(By.linkText("Upload"))).isEmpty();
    }

    @Test
    void aStewardTogglesARuleModeAndTheChangeIsAuditedWithTheirKey() {
        String steward = governance.key(tenant.id(), "steward");
        api.importCsv("volunteers", tenant.adminKey(), csvOf(VOLUNTEERS));
        signIn(steward);
        browser.get(base + "/console/pipelines");
        Browser.screenshot(browser, "pipelines");
        browser.get(base + "/console/pipelines/volunteers");
        new Select(browser.findElement(By.cssSelector("tr[data-rule='FMT-102'] select[name=mode]"))).selectByValue("warn");
        browser.findElement(By.cssSelector("tr[data-rule='FMT-102'] button[value=set-mode]")).click();
        Browser.waiting(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".notice"), "warn"));
        assertThat(new Select(browser.findElement(By.cssSelector("tr[data-rule='FMT-102'] select[name=mode]")))
                .getFirstSelectedOption().getText()).isEqualTo("warn");
        Browser.screenshot(browser, "pipeline");
        JsonNode rules = api.get("/api/v1/pipelines/volunteers/rules", tenant.adminKey()).json();
        assertThat(rules.findParents("code").stream().filter(r -> r.get("code").asText().equals("FMT-102"))
                .map(r -> r.get("mode").asText())).containsExactly("warn");
        JsonNode audit = api.get("/api/v1/audit?action=pipeline.rule_mode_changed", tenant.adminKey()).json();
        assertThat(audit.get("total").asInt()).isEqualTo(1);
        String stewardKeyId = jdbc.queryForObject("SELECT id::text FROM api_keys WHERE tenant_id = ? AND role = 'steward'",
                String.class, tenant.id());
        assertThat(audit.at("/items/0/actor").asText()).isEqualTo("key:" + stewardKeyId);
        assertThat(audit.at("/items/0/after/mode").asText()).isEqualTo("warn");

        signIn(tenant.adminKey());
        browser.get(base + "/console/audit?action=pipeline.rule_mode_changed");
        assertThat(browser.findElements(By.cssSelector("[data-audit-action='pipeline.rule_mode_changed']"))).hasSize(1);
        Browser.screenshot(browser, "audit");
        browser.get(base + "/console/quality");
        assertThat(browser.findElement(By.cssSelector("tr[data-rule='FMT-102'] [data-rows]")).getText()).isEqualTo("2");
        Browser.screenshot(browser, "quality");
        browser.get(base + "/console/trends");
        Browser.waiting(browser).until(d -> d.findElements(By.cssSelector("[data-chart] canvas")).size() == 4);
        Browser.screenshot(browser, "trends");
        browser.get(base + "/console/records?q=lovelace");
        assertThat(browser.findElements(By.cssSelector("[data-record-id]"))).hasSize(1);
        Browser.screenshot(browser, "records");
        browser.findElement(By.cssSelector("[data-record-id] a")).click();
        assertThat(browser.findElements(By.cssSelector("[data-event=insert]"))).hasSize(1);
        Browser.screenshot(browser, "record");
    }

    static String csvOf(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
