package org.tenantio.importer.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.tenantio.importer.support.ApiIntegrationTest;

/**
 * The console driven as a person drives it, in a real headless Chromium against the whole service.
 * After every test: no console message of warning or worse, and nothing loaded from another host.
 */
class ConsoleBrowserIT extends ApiIntegrationTest {

    ChromeDriver browser;
    String base;

    @BeforeEach
    void openBrowser() {
        browser = Browser.get();
        base = "http://localhost:" + port;
        browser.manage().deleteAllCookies();
        browser.get(base + "/console/login");
        Browser.consoleProblems(browser); // start clean
    }

    @AfterEach
    void nothingWentWrongInTheBrowser() {
        assertThat(Browser.consoleProblems(browser)).as("browser console").isEmpty();
        assertThat(Browser.resourcesLoaded(browser)).as("every request went to this service")
                .allSatisfy(url -> assertThat(url).startsWith(base + "/"));
    }

    void signIn(String key) {
        browser.get(base + "/console/login");
        WebElement field = browser.findElement(By.cssSelector("form input[name=apiKey]"));
        field.clear();
        field.sendKeys(key);
        field.submit();
    }

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
}
