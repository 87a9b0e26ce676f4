package com.slaledger.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.slaledger.testsupport.TestTokens;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The auditor's pages in a real browser (Debian's chromium, headless, through /usr/bin/chromedriver):
 * the seed's story is played over Kafka, then read the way an auditor reads it. Screenshots of
 * every page go to {@code target/screenshots/}.
 */
class AuditorPagesBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private static TestStack stack;
    private static String projectionUrl;
    private static String contractId;
    private static ChromeDriver browser;

    @BeforeAll
    static void playTheStoryAndOpenABrowser() throws IOException {
        // Not a silent skip: a machine without the browser is told how to get it.
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
                .as(
                        "the browser tests need Debian's chromium and chromium-driver: apt-get install chromium chromium-driver"
                                + " (.ci/run installs them)")
                .isTrue();
        stack = TestStack.start("ui");
        projectionUrl = stack.projectionUrl();
        contractId = new Demo(
                        stack.commands(),
                        projectionUrl,
                        TestTokens.withRoles("ANALYST", "AUDITOR"),
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .play();
        Files.createDirectories(SCREENSHOTS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1280,1800",
                "--user-data-dir=" + Files.createTempDirectory("sla-chromium"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        browser = new ChromeDriver(
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(CHROMEDRIVER.toFile())
                        .usingAnyFreePort()
                        .build(),
                options);
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.quit();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void anAuditorReadsHowTheSlaEvolvedToTwoPointZero() throws IOException {
        signIn(TestTokens.withRoles("ANALYST", "AUDITOR"));
        WebElement row = await(By.cssSelector("[data-testid=contract-row][data-contract-id='" + contractId + "']"));
        screenshot("contracts");
        row.findElement(By.tagName("a")).click();

        await(By.cssSelector("[data-testid=verify-status][data-source=event-store]"));
        awaitCount(By.cssSelector("[data-testid=version]"), 3);
        List<String> versions = texts(By.cssSelector("[data-testid=version]"));
        assertThat(versions)
                .anyMatch(v -> v.startsWith("1.0"))
                .anyMatch(v -> v.startsWith("1.1"))
                .anyMatch(v -> v.startsWith("2.0"));
        for (String onceOpen : List.of("response-time", "change-windows")) {
            assertThat(attribute(
                            By.cssSelector("[data-testid=clause-lane][data-clause-id=" + onceOpen + "]"), "data-state"))
                    .as(onceOpen)
                    .isEqualTo("AGREED");
        }
        assertThat(browser.findElements(By.cssSelector("[data-testid=breach][data-credited=true]")))
                .isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("[data-testid=breach][data-credited=false]")))
                .isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("[data-testid=credit-month][data-capped=true]")))
                .as("the month the third outage hit the cap")
                .hasSize(1);
        assertThat(texts(By.cssSelector("[data-testid=verify-status]"))).containsExactly("valid", "valid");

        new WebDriverWait(browser, Duration.ofSeconds(10))
                .ignoring(StaleElementReferenceException.class)
                .until(d -> {
                    d.findElement(By.cssSelector("[data-testid=clause-lane][data-clause-id=response-time] button"))
                            .click();
                    return true;
                });
        await(By.cssSelector("[data-testid=clause-lane][data-clause-id=response-time] [data-testid=evidence]"));
        assertThat(texts(By.cssSelector(
                        "[data-testid=clause-lane][data-clause-id=response-time] [data-testid=evidence]")))
                .singleElement()
                .asString()
                .contains("2 breach(es) while open")
                .contains("suggested 55 MINUTES");
        screenshot("contract");

        browser.get(projectionUrl + "/ui/contracts/" + contractId + "/diff?from=1.0&to=2.0");
        awaitCount(By.cssSelector("[data-testid=diff-change]"), 2);
        List<String> changed = new WebDriverWait(browser, Duration.ofSeconds(10))
                .ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElements(By.cssSelector("[data-testid=diff-change]")).stream()
                        .map(e -> e.getAttribute("data-clause-id"))
                        .toList());
        assertThat(changed).containsExactlyInAnyOrder("response-time", "change-windows");
        screenshot("diff");

        browser.get(projectionUrl + "/ui/suppliers/hostco");
        awaitCount(By.cssSelector("[data-testid=scorecard-figure]"), 5);
        screenshot("supplier");
        assertNothingWasBlocked();
    }

    @Test
    void anotherPartysTokenFindsNothing() throws IOException {
        signIn(TestTokens.forParties(List.of("someone-else"), "ANALYST", "AUDITOR"));
        browser.get(projectionUrl + "/ui/contracts/" + contractId);
        WebElement notFound = await(By.cssSelector("[data-testid=not-found]"));
        assertThat(notFound.getText()).contains("Not found");
        assertThat(browser.getPageSource()).doesNotContain("Rented servers");
        screenshot("not-found");
        assertNothingWasBlocked();
    }

    /**
     * A contract page follows the contract live. When the token runs out the server ends the stream,
     * and the page, opening it again, is refused and sends the reader to sign in: it never goes on
     * showing a contract as live to a token that may no longer read it.
     */
    @Test
    void aLivePageWhoseTokenRunsOutSendsTheReaderToSignIn() {
        browser.get(projectionUrl + "/ui/login");
        browser.findElement(By.name("token"))
                .sendKeys(TestTokens.refusedIn(Duration.ofSeconds(15), "ANALYST", "AUDITOR"));
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("/ui/contracts"));
        browser.get(projectionUrl + "/ui/contracts/" + contractId);
        new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.id("live"), "live"));

        new WebDriverWait(browser, Duration.ofSeconds(45)).until(ExpectedConditions.urlContains("/ui/login"));
        assertThat(browser.getCurrentUrl()).contains("next=%2Fui%2Fcontracts%2F" + contractId);
    }

    /**
     * The pages' Content-Security-Policy (ADR 0021) blocked nothing they do: the browser reports each
     * script, style or request it refuses on the console, which this reads (and empties).
     */
    private void assertNothingWasBlocked() {
        assertThat(browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                        .map(LogEntry::getMessage)
                        .filter(message -> message.contains("Content Security Policy"))
                        .toList())
                .isEmpty();
    }

    private void signIn(String token) throws IOException {
        browser.get(projectionUrl + "/ui/login?next=/ui/contracts");
        browser.findElement(By.name("token")).sendKeys(token);
        screenshot("login");
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("/ui/contracts"));
        assertThat(browser.getCurrentUrl())
                .as("the token never travels in an address")
                .doesNotContain(token);
    }

    private WebElement await(By what) {
        return new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(ExpectedConditions.visibilityOfElementLocated(what));
    }

    private void awaitCount(By what, int atLeast) {
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(d -> d.findElements(what).size() >= atLeast);
    }

    /** The texts of the elements, read again if the page redrew them meanwhile (live updates). */
    private List<String> texts(By what) {
        return new WebDriverWait(browser, Duration.ofSeconds(10))
                .ignoring(StaleElementReferenceException.class)
                .until(d ->
                        d.findElements(what).stream().map(WebElement::getText).toList());
    }

    private String attribute(By what, String name) {
        return new WebDriverWait(browser, Duration.ofSeconds(10))
                .ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElement(what).getAttribute(name));
    }

    private void screenshot(String name) throws IOException {
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
