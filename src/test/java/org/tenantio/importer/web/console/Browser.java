package org.tenantio.importer.web.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium for all console tests. Debian's chromium and chromedriver are used when
 * installed (CI installs them; no internet there); otherwise Selenium Manager finds or fetches a
 * browser. Without either the tests fail, saying so: they are never skipped.
 */
final class Browser {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private static ChromeDriver driver;
    private static Path profile;

    private Browser() {
    }

    static synchronized ChromeDriver get() {
        if (driver == null) {
            driver = start();
            Runtime.getRuntime().addShutdownHook(new Thread(Browser::quit));
        }
        return driver;
    }

    private static ChromeDriver start() {
        try {
            profile = Files.createTempDirectory("console-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1280,900");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        try {
            ChromeDriver started;
            if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
                options.setBinary(CHROMIUM.toString());
                started = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                        .build(), options);
            } else {
                started = new ChromeDriver(options); // Selenium Manager: a local Chrome, or one it downloads
            }
            started.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            started.manage().window().setSize(new Dimension(1280, 900));
            return started;
        } catch (RuntimeException e) {
            throw new AssertionError("The console's browser tests need Chromium: none could be started. Install Debian's "
                    + "'chromium' and 'chromium-driver' (apt-get install -y chromium chromium-driver), or run with internet "
                    + "access so Selenium Manager can fetch Chrome. Cause: " + e.getMessage(), e);
        }
    }

    static synchronized void quit() {
        if (driver != null) {
            driver.quit();
            driver = null;
        }
    }

    /**
     * An upper bound, not a pause: a 10,000-row run with matching on takes minutes on a loaded
     * 2-core machine. htmx replaces polled elements, so an element gone stale between finding
     * and reading it is looked up again rather than failing the wait. A form's page replacing the
     * document under a read is the same race, which Chrome reports as a plain WebDriverException
     * ("Node with given id does not belong to the document"); a real failure still ends the wait,
     * at its bound, with the last exception as the cause.
     */
    static WebDriverWait waiting(WebDriver d) {
        WebDriverWait wait = new WebDriverWait(d, Duration.ofSeconds(180), Duration.ofMillis(100));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        wait.ignoring(org.openqa.selenium.WebDriverException.class);
        return wait;
    }

    /** Console messages of level warning or worse since the last call (reading them clears them). */
    static List<String> consoleProblems(ChromeDriver d) {
        return d.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogEntry::toString).toList();
    }

    /** Every resource the current page loaded (scripts, styles, images, htmx requests): their URLs. */
    @SuppressWarnings("unchecked")
    static List<String> resourcesLoaded(ChromeDriver d) {
        List<Object> entries = (List<Object>) ((JavascriptExecutor) d).executeScript(
                "return performance.getEntriesByType('resource').map(e => e.name)"
                        + ".concat(performance.getEntriesByType('navigation').map(e => e.name));");
        return entries.stream().map(String::valueOf).toList();
    }

    /** A screenshot of the current page into target/console-screenshots, or -Dconsole.screenshots=<folder>. */
    static void screenshot(ChromeDriver d, String name) {
        Path folder = Path.of(System.getProperty("console.screenshots", "target/console-screenshots"));
        try {
            Files.createDirectories(folder);
            Long height = (Long) ((JavascriptExecutor) d).executeScript(
                    "return Math.min(2400, Math.max(900, document.documentElement.scrollHeight));");
            d.manage().window().setSize(new Dimension(1280, height.intValue()));
            Files.write(folder.resolve(name + ".png"), d.getScreenshotAs(OutputType.BYTES));
            d.manage().window().setSize(new Dimension(1280, 900));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Object script(ChromeDriver d, String js, Object... args) {
        return ((JavascriptExecutor) d).executeScript(js, args);
    }

}
