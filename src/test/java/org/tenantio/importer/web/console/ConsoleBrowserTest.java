package org.tenantio.importer.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.tenantio.importer.support.ApiIntegrationTest;
import org.tenantio.importer.support.Governance;
import org.tenantio.importer.support.IdentityFixtures;

/**
 * What every browser test of the console shares: the one headless Chromium, signing in as a
 * person does, and after every test no console message of warning or worse and nothing loaded
 * from another host.
 */
abstract class ConsoleBrowserTest extends ApiIntegrationTest {

    @Autowired
    Governance governance;

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
        browser.manage().deleteAllCookies(); // a new session, as another person at the same browser
        browser.get(base + "/console/login");
        WebElement field = browser.findElement(By.cssSelector("form input[name=apiKey]"));
        field.clear();
        field.sendKeys(key);
        field.submit();
        // Signed in (the runs page) or refused (the form again, with its message): wait for either.
        Browser.waiting(browser).until(d -> d.getCurrentUrl().contains("/console/runs")
                || !d.findElements(By.cssSelector("[role=alert]")).isEmpty());
    }

    String awaitCompleted() {
        Browser.waiting(browser).until(ExpectedConditions.attributeToBe(By.cssSelector("[data-run-status]"), "data-run-status",
                "completed"));
        return browser.getCurrentUrl().substring(browser.getCurrentUrl().lastIndexOf('/') + 1);
    }

    String count(String outcome) {
        return browser.findElement(By.cssSelector("[data-count=" + outcome + "]")).getText();
    }

    /** Two files with one person each, alike enough to be suggested to a steward and not merged by themselves. */
    void importAPairForReview() {
        api.importCsv("volunteers", tenant.adminKey(), IdentityFixtures.HEADER
                + "V-1,Jon,Smith,jon+events@gmail.com,07911 123456,1990-04-12,1 High Street,London,,SW1A 1AA,GB\n");
        api.importCsv("volunteers", tenant.adminKey(), IdentityFixtures.HEADER
                + "B-7,Jon,Smith,jsmith@work.example.org,,,,London,,SW1A 1AA,GB\n");
    }
}
