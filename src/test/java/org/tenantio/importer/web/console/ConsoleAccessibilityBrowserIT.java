package org.tenantio.importer.web.console;


import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Dimension;

/**
 * Every console page (with data on it) as assistive technology and a phone see it: one h1 and a
 * main landmark, a label for every input, text on every button, and at phone width nothing wider
 * than the screen (long tables scroll inside their own box).
 */
class ConsoleAccessibilityBrowserIT extends ConsoleBrowserTest {

    private static final String PROBLEMS = """
            const problems = [];
            if (!document.documentElement.lang) problems.push('no lang on <html>');
            if (document.querySelectorAll('h1').length !== 1) problems.push(document.querySelectorAll('h1').length + ' h1');
            if (!document.querySelector('main')) problems.push('no <main>');
            const visible = e => e.offsetParent !== null || e.getClientRects().length > 0;
            document.querySelectorAll('input:not([type=hidden]), select, textarea').forEach(e => {
              if (visible(e) && e.labels.length === 0 && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby'))
                problems.push('no label: ' + e.outerHTML.slice(0, 120));
            });
            document.querySelectorAll('button, a[href]').forEach(e => {
              if (visible(e) && !e.textContent.trim() && !e.getAttribute('aria-label'))
                problems.push('no text: ' + e.outerHTML.slice(0, 120));
            });
            return problems;""";

    /** The elements reaching past the right edge of the screen whose parent does not (where the overflow starts). */
    private static final String TOO_WIDE = """
            const width = document.documentElement.clientWidth;
            if (document.documentElement.scrollWidth <= width) return [];
            const past = e => e.getBoundingClientRect().right > width + 1;
            return [...document.querySelectorAll('body *')].filter(e => past(e) && !past(e.parentElement)
                    && getComputedStyle(e.parentElement).overflowX === 'visible')
                .map(e => e.tagName + (e.className ? '.' + e.className : '') + ': ' + e.textContent.trim().slice(0, 60));""";

    private List<String> pages() {
        JsonNode run = api.importCsv("volunteers", tenant.adminKey(), ConsoleBrowserIT.csvOf(ConsoleBrowserIT.VOLUNTEERS));
        String runId = run.get("id").asText();
        long violation = api.get("/api/v1/runs/" + runId + "/violations", tenant.adminKey()).json().at("/items/0/id").asLong();
        importAPairForReview();
        long pair = api.get("/api/v1/duplicates", tenant.adminKey()).json().at("/items/0/id").asLong();
        String record = api.get("/api/v1/records/person", tenant.adminKey()).json().at("/items/0/id").asText();
        return List.of("/console/runs", "/console/runs/" + runId, "/console/upload", "/console/quarantine",
                "/console/quarantine/" + violation, "/console/duplicates", "/console/duplicates/" + pair,
                "/console/duplicates/merges", "/console/pipelines", "/console/pipelines/volunteers", "/console/quality",
                "/console/records", "/console/records/" + record, "/console/audit");
    }

    @Test
    void everyPageHasOneHeadingLabelsOnItsInputsTextOnItsButtonsAndFitsAPhone() {
        List<String> pages = pages();
        signIn(tenant.adminKey());
        SoftAssertions soft = new SoftAssertions();
        for (String page : pages) {
            browser.get(base + page);
            soft.assertThat((List<?>) Browser.script(browser, PROBLEMS)).as("accessibility of %s", page).isEmpty();
        }
        browser.manage().window().setSize(new Dimension(390, 844));
        try {
            for (String page : pages) {
                browser.get(base + page);
                soft.assertThat((List<?>) Browser.script(browser, TOO_WIDE)).as("wider than a phone: %s", page).isEmpty();
            }
        } finally {
            browser.manage().window().setSize(new Dimension(1280, 900));
        }
        soft.assertAll();
    }
}
