package dev.switchboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.IntegrationTest;
import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.commons.csv.CSVFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web app in a real browser: the machine's Debian Chromium in headless mode through its
 * chromedriver (paths set explicitly; Selenium never downloads a browser or driver). One session walks
 * what a new customer does, and a screenshot of every main page is saved under target/screenshots.
 */
class BrowserTest extends IntegrationTest {

    private static final Path SHOTS = Path.of("target", "screenshots");
    private static WebDriver driver;
    private static WebDriverWait wait;

    @BeforeAll
    static void startBrowser() throws IOException {
        // Selenium Manager would try to download a browser or driver; the explicit paths below keep it out.
        System.setProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
        var options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1000", "--lang=en-US");
        // The console, to see what the pages' Content-Security-Policy refused (afterEachWalk).
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        var service = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver")).build();
        driver = new ChromeDriver(service, options);
        // Sign-up picks the browser's timezone (and so the company's country): the walks sign up Chicago companies wherever
        // the machine is.
        browserTimezone("America/Chicago");
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        // htmx swaps parts of the page while a wait polls them.
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        Files.createDirectories(SHOTS);
        Files.deleteIfExists(SHOTS.resolve("failure.png"));
        Files.deleteIfExists(SHOTS.resolve("failure.html"));
    }

    /**
     * Nothing a walk's pages did was refused by their Content-Security-Policy: every script and handler of theirs is
     * app.js's, every style, image and sound allowed (the console says "Refused to ... Content Security Policy" otherwise).
     */
    @org.junit.jupiter.api.AfterEach
    void nothingWasRefusedByThePagesContentSecurityPolicy() {
        var refused = driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                .map(org.openqa.selenium.logging.LogEntry::getMessage).filter(m -> m.contains("Content Security Policy")).toList();
        assertThat(refused).isEmpty();
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private void open(String path) {
        driver.get(url(path));
    }

    private WebElement find(By by) {
        return whileAttached(() -> wait.until(ExpectedConditions.visibilityOfElementLocated(by)));
    }

    /** Waits until {@code element} has left the page (a navigation or a swap replaced it). */
    private void gone(WebElement element) {
        wait.until(d -> {
            try {
                element.isEnabled();
                return false;
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                return true;
            } catch (org.openqa.selenium.WebDriverException e) {
                // ChromeDriver's other way of saying so (see whileAttached).
                if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                    return true;
                }
                throw e;
            }
        });
    }

    /**
     * {@code step}, done again should the element it found be taken out of the page meanwhile (a script or a navigation
     * still settling replaced it): Selenium's waits ignore a stale element, but ChromeDriver sometimes reports it as an
     * "unknown error" ("Node with given id does not belong to the document"), which they do not; a few tries, then it fails.
     */
    private static <T> T whileAttached(java.util.function.Supplier<T> step) {
        for (int tries = 1;; tries++) {
            try {
                return step.get();
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                if (tries >= 3) {
                    throw e;
                }
            } catch (org.openqa.selenium.WebDriverException e) {
                if (tries >= 3 || !String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                    throw e;
                }
            }
        }
    }

    private void type(By by, String text) {
        var e = find(by);
        e.clear();
        e.sendKeys(text);
    }

    private void click(By by) {
        whileAttached(() -> {
            wait.until(ExpectedConditions.elementToBeClickable(by)).click();
            return null;
        });
    }

    private void shot(String name) {
        try {
            var file = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.copy(file.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void waitForPath(String path) {
        wait.until(ExpectedConditions.urlContains(path));
    }

    /** A walk's steps in the browser. */
    @FunctionalInterface
    private interface Steps {
        void run() throws Exception;
    }

    /**
     * Runs a walk in the browser: on a failure, the screen and the page's source are kept (failure.png, failure.html); the
     * window is given back at its usual size whatever happened.
     */
    private void walk(Steps steps) throws Exception {
        try {
            steps.run();
        } catch (Exception | AssertionError e) {
            shot("failure");
            Files.writeString(SHOTS.resolve("failure.html"), driver.getPageSource());
            throw e;
        } finally {
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1000));
        }
    }

    private static void browserTimezone(String zone) {
        ((ChromeDriver) driver).executeCdpCommand("Emulation.setTimezoneOverride", java.util.Map.of("timezoneId", zone));
    }

    /**
     * Sign-up offered America/Chicago first to everyone: a UK owner who did not notice the list signed up a US company
     * (its country, how numbers are read and what a call abroad is, is the timezone's), and found out when their London
     * number was refused (found by the wizard walk). The browser's own timezone is chosen, when the list has it; the form
     * shown again after a refusal keeps what was chosen.
     */
    @Test
    void signUpChoosesTheBrowsersTimezone() throws Exception {
        walk(() -> {
            try {
                browserTimezone("Europe/London");
                open("/login");
                driver.manage().deleteAllCookies();
                open("/signup");
                assertThat(new Select(find(By.id("timezone"))).getFirstSelectedOption().getAttribute("value")).isEqualTo("Europe/London");
                new Select(find(By.id("timezone"))).selectByValue("Europe/Dublin");
                type(By.id("companyName"), "Timezone Guess Heating");
                click(By.cssSelector("form button[type=submit]"));
                find(By.id("ownerName-error"));
                assertThat(new Select(find(By.id("timezone"))).getFirstSelectedOption().getAttribute("value"))
                        .as("a refused form keeps the choice").isEqualTo("Europe/Dublin");
            } finally {
                browserTimezone("America/Chicago");
            }
        });
    }

    @Test
    void aNewCompanyWalksThroughTheAppInARealBrowser() throws Exception {
        walk(this::walkThrough);
    }

    /**
     * The wizard's Hours and Extensions steps on a 375px phone: the Hours step scrolled sideways with the closing times off
     * screen, and the team's Remove buttons were off screen in their table (found by a browser walk). Every control is
     * on screen, the Hours step's question about a long night too. Screenshots: wizard-phone-hours, wizard-phone-team.
     */
    @Test
    void theWizardsHoursAndTeamStepsFitAPhone() throws Exception {
        walk(this::wizardOnAPhone);
    }

    private void wizardOnAPhone() {
        open("/login");
        driver.manage().deleteAllCookies();
        open("/signup");
        type(By.id("companyName"), "Small Screen Plumbing");
        type(By.id("ownerName"), "Pia Phone");
        type(By.id("ownerEmail"), "phone-" + UUID.randomUUID() + "@test.example");
        type(By.id("ownerPassword"), "browser-pass");
        click(By.cssSelector("form button[type=submit]"));
        waitForPath("/setup/phone");
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(375, 900));

        open("/setup/hours");
        find(By.id("step-title"));
        assertControlsOnScreen();
        // Friday 8:00 AM to 5:00 AM: the question and its box beside the day, on screen too.
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                "document.querySelector('input[name=\"FRIDAY.end\"]').value = '05:00'");
        click(By.xpath("//button[normalize-space()='Save and continue']"));
        find(By.id("FRIDAY-overnight"));
        assertControlsOnScreen();
        fullShot("wizard-phone-hours");

        open("/setup/extensions");
        for (var member : List.of(List.of("Rita Moreno-Castellanos", "sip:rita.moreno-castellanos@small-screen-plumbing.sip.telnyx.com"),
                List.of("Sam Lee", "(312) 555-0142"))) {
            type(By.id("name"), member.get(0));
            type(By.id("phone"), member.get(1));
            click(By.xpath("//button[normalize-space()='Add team member']"));
            find(By.xpath("//td[normalize-space()='" + member.get(0) + "']"));
        }
        assertControlsOnScreen();
        fullShot("wizard-phone-team");
    }

    /**
     * Every visible control of the page (a field, a button, a link) inside the window, in a .table-wrap too (where
     * {@link #assertFitsTheWindow} lets a wide table scroll: a button scrolled off in it is as hidden), and no sideways scroll.
     */
    @SuppressWarnings("unchecked")
    private void assertControlsOnScreen() {
        var off = (List<String>) ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("""
                var out = [];
                var w = document.documentElement.clientWidth;
                document.querySelectorAll('main input, main button, main select, main a, main label, main td, main th').forEach(function (e) {
                  if (!e.getClientRects().length || e.type === 'hidden') return;
                  var r = e.getBoundingClientRect();
                  if (r.right > w + 1 || r.left < -1) out.push(e.tagName + (e.name ? '[' + e.name + ']' : '') + ' ' + (e.textContent || '').trim().slice(0, 30)
                      + ' from ' + Math.round(r.left) + ' to ' + Math.round(r.right));
                });
                document.querySelectorAll('main .table-wrap').forEach(function (t) {
                  if (t.scrollWidth > t.clientWidth + 1) out.push('a table scrolls sideways: ' + t.scrollWidth + ' > ' + t.clientWidth);
                });
                if (document.documentElement.scrollWidth > w + 1) out.push('page scrolls sideways: ' + document.documentElement.scrollWidth + ' > ' + w);
                return out;
                """);
        assertThat(off).as(driver.getCurrentUrl() + " at " + driver.manage().window().getSize()).isEmpty();
    }

    private void walkThrough() throws Exception {
        var email = "browser-" + UUID.randomUUID() + "@test.example";
        var businessNumber = "+1312" + ThreadLocalRandom.current().nextInt(200, 999) + String.format("%04d", ThreadLocalRandom.current().nextInt(1000, 9999));

        // Sign up, signed in at once: a new company goes to the setup wizard.
        open("/login");
        shot("01-login");
        driver.manage().deleteAllCookies();
        open("/signup");
        type(By.id("companyName"), "Browser Plumbing");
        type(By.id("ownerName"), "Bea Browser");
        type(By.id("ownerEmail"), email);
        type(By.id("ownerPassword"), "browser-pass");
        click(By.cssSelector("form button[type=submit]"));
        waitForPath("/setup/phone");

        // The wizard: business phone, hours, extensions, first rule, done.
        shot("02-setup-wizard");
        type(By.id("businessNumber"), businessNumber);
        click(By.cssSelector("main form button[type=submit]"));
        waitForPath("/setup/hours");
        click(By.cssSelector("main form button[type=submit]"));
        waitForPath("/setup/extensions");
        for (var name : List.of("Rita Moreno", "Sam Lee")) {
            type(By.id("name"), name);
            click(By.xpath("//button[normalize-space()='Add team member']"));
            find(By.xpath("//td[normalize-space()='" + name + "']"));
        }
        click(By.xpath("//button[normalize-space()='Assign next free extensions']"));
        find(By.xpath("//td[normalize-space()='102']"));
        click(By.xpath("//button[normalize-space()='Continue']"));
        waitForPath("/setup/rule");
        // Members with no phone yet are not ticked at first (said beside them): ticked here, as an owner adding phones later.
        find(By.xpath("//label[contains(normalize-space(),'Rita Moreno (no phone yet)')]"));
        for (var box : driver.findElements(By.cssSelector("input[name=memberIds]"))) {
            if (!box.isSelected()) {
                box.click();
            }
        }
        click(By.cssSelector("main form button[type=submit]"));
        waitForPath("/setup/done");
        click(By.xpath("//button[normalize-space()='Finish setup']"));
        find(By.xpath("//*[contains(text(),'Setup finished')]"));
        shot("03-home");

        // Two rules, then reordered with the arrows (by mouse and by keyboard).
        for (var name : List.of("Office first", "After that")) {
            open("/settings/communications/phone/routing/new");
            type(By.id("name"), name);
            new Select(find(By.id("type"))).selectByValue("ROUND_ROBIN");
            click(By.cssSelector("input[name=memberIds]"));
            click(By.xpath("//button[normalize-space()='Save rule']"));
            find(By.xpath("//*[contains(text(),'" + name + "') and contains(text(),'saved')]"));
        }
        assertThat(ruleNames()).containsExactly("Main line", "Office first", "After that");
        click(By.cssSelector("button[aria-label='Move After that up']"));
        wait.until(d -> ruleNames().equals(List.of("Main line", "After that", "Office first")));
        var down = find(By.cssSelector("button[aria-label='Move Main line down']"));
        down.sendKeys(Keys.ENTER);
        wait.until(d -> ruleNames().equals(List.of("After that", "Main line", "Office first")));
        // Focus stays on the moved rule's arrow, so the keyboard can keep moving it.
        wait.until(d -> d.switchTo().activeElement().getAttribute("aria-label").equals("Move Main line down"));
        driver.switchTo().activeElement().sendKeys(Keys.ENTER);
        wait.until(d -> ruleNames().equals(List.of("After that", "Office first", "Main line")));
        shot("04-call-routing");

        // A recurring holiday shows its next dates while it is edited.
        open("/settings/communications/phone/holidays/new");
        type(By.id("name"), "Inventory day");
        var first = LocalDate.now().plusMonths(1).withDayOfMonth(10);
        var date = find(By.id("date"));
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("arguments[0].value = arguments[1];"
                + "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));", date, first.toString());
        click(By.cssSelector("input[name=recurrence][value=MONTHLY]"));
        var format = dev.switchboard.tenancy.DisplayFormats.DATE;
        var expected = java.util.stream.IntStream.range(0, 5).mapToObj(i -> first.plusMonths(i).format(format)).toList();
        wait.until(d -> texts(By.cssSelector("#preview li")).equals(expected));
        shot("05-holiday-editor");
        click(By.xpath("//button[normalize-space()='Save holiday']"));
        find(By.xpath("//td/strong[normalize-space()='Inventory day']"));
        shot("06-holidays");

        // An extension with a bad value: the server's error appears beside the field in the dialog.
        open("/settings/communications/phone/extensions");
        click(By.cssSelector("a[aria-label='Edit extension of Rita Moreno']"));
        type(By.id("phoneExtension"), "1");
        click(By.xpath("//button[normalize-space()='Save extension']"));
        var error = find(By.id("phoneExtension-error"));
        assertThat(error.getText()).contains("must be 2 to 6 digits");
        assertThat(find(By.id("phoneExtension")).getAttribute("aria-invalid")).isEqualTo("true");
        shot("07-extension-error");
        driver.findElement(By.cssSelector("[data-close-dialog]")).click();

        // A test call, followed until it ends, then found in the call log with its trace.
        open("/test-call");
        var caller = "+1773" + ThreadLocalRandom.current().nextInt(200, 999) + String.format("%04d", ThreadLocalRandom.current().nextInt(1000, 9999));
        type(By.id("from"), caller);
        click(By.xpath("//button[normalize-space()='Place test call']"));
        wait.until(d -> d.findElements(By.cssSelector("#heard li:not(.muted)")).size() > 0);
        wait.until(d -> d.findElements(By.cssSelector("#live-trace li:not(.muted)")).size() > 0);
        shot("08-test-call");
        click(By.id("hang-up"));
        wait.until(ExpectedConditions.textToBe(By.id("call-state"), "Ended"));
        click(By.id("find-in-log"));
        wait.until(d -> d.findElements(By.cssSelector("tr.call-row")).size() == 1);
        shot("09-call-log");
        click(By.linkText("Details"));
        wait.until(d -> d.findElements(By.cssSelector("#trace li:not(.muted)")).size() > 0);
        fullShot("10-call-detail");

        // The export of the filtered log has exactly the rows the page shows.
        open("/calls?number=" + caller.replace("+", "%2B"));
        var shown = driver.findElements(By.cssSelector("tr.call-row")).size();
        var href = find(By.id("export-csv")).getAttribute("href");
        var csv = fetch(href);
        var records = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(csv)).getRecords();
        assertThat(records).hasSize(shown).isNotEmpty().allSatisfy(r -> assertThat(r.get("from")).isEqualTo(caller));
        var xlsx = fetchBytes(find(By.id("export-xlsx")).getAttribute("href"));
        try (var book = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new java.io.ByteArrayInputStream(xlsx))) {
            var sheet = book.getSheetAt(0);
            assertThat(sheet.getLastRowNum()).isEqualTo(shown);
            for (int i = 1; i <= shown; i++) {
                assertThat(sheet.getRow(i).getCell(2).getStringCellValue()).isEqualTo(caller);
            }
        }

        // Every main page, for a person to look at.
        for (var page : List.of("general", "extensions", "routing", "voicemail", "hours", "holidays", "call-flows", "analytics")) {
            open("/settings/communications/phone/" + page);
            find(By.cssSelector(".tabs a[aria-current=page]"));
            assertAccessibleBasics();
            shot("20-phone-" + page);
        }
        open("/settings/communications/phone/text-opt-outs");
        find(By.tagName("h2"));
        assertAccessibleBasics();
        shot("21-phone-text-opt-outs");
        for (var page : List.of("/voicemail", "/calls", "/")) {
            open(page);
            find(By.tagName("h1"));
            assertAccessibleBasics();
            shot("30-" + (page.equals("/") ? "home" : page.substring(1)));
        }
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        open("/settings/communications/phone/extensions");
        find(By.tagName("h1"));
        shot("40-phone-screen-extensions");
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1000));
    }

    @Test
    void anOfficeManagerChecksTheNewSettingsInARealBrowser() throws Exception {
        walk(this::officeManagerWalk);
    }

    /**
     * The demo company's owner goes over what was added to the settings: the General tab's ring and text-back
     * fields, the routing rule's technician switch, the extension dialog's confirm switch and the queue editor; on a
     * wide and a phone-sized window. What is changed in the demo company is put back (the queue is deleted).
     */
    private void officeManagerWalk() throws Exception {
        open("/login");
        driver.manage().deleteAllCookies();
        open("/login");
        type(By.id("email"), "owner@demo.test");
        type(By.id("password"), "demo");
        click(By.cssSelector("main form button[type=submit]"));
        find(By.tagName("h1"));

        // General tab: the new fields are labelled, their choices readable, the switches work from the keyboard,
        // and refused values come back beside their fields, with everything else as typed.
        open("/settings/communications/phone/general");
        var strategy = new Select(find(By.id("defaultStrategy")));
        assertAccessibleBasics();
        strategy.selectByValue("VOICEMAIL");
        assertSelectsShowTheirChoice();
        var textBack = find(By.name("textBackEnabled"));
        var textBackWas = textBack.isSelected();
        textBack.sendKeys(Keys.SPACE);
        assertThat(textBack.isSelected()).isNotEqualTo(textBackWas);
        var afterVoicemail = find(By.name("textBackAfterVoicemail"));
        var afterVoicemailWas = afterVoicemail.isSelected();
        click(By.xpath("//label[contains(normalize-space(), 'Also when the caller left a voicemail')]"));
        assertThat(afterVoicemail.isSelected()).isNotEqualTo(afterVoicemailWas);
        type(By.id("defaultRingSeconds"), "5");
        // The count of texts under the message follows it as it is typed (counted by the server, htmx).
        var parts = By.id("textBackMessage-parts");
        type(By.id("textBackMessage"), "x".repeat(200));
        wait.until(d -> d.findElement(parts).getText().startsWith("Sent as 2 texts (200 characters, 153 a text"));
        type(By.id("textBackMessage"), "ça va? We missed you."); // the capital Ç is in GSM-7, the small ç is not
        wait.until(d -> d.findElement(parts).getText().startsWith("Sent as 1 text (21 of 70 characters"));
        assertThat(find(parts).getText()).contains("\u201cç\u201d is a special character");
        type(By.id("textBackMessage"), "Sorry we missed you at {company}. Call us back on {number}.");
        wait.until(d -> d.findElement(parts).getText().startsWith("Sent as 1 text ("));
        type(By.id("textBackQuietHours"), "500");
        click(By.xpath("//button[normalize-space()='Save general settings']"));
        assertThat(find(By.id("defaultRingSeconds-error")).getText()).isNotBlank();
        assertThat(find(By.id("textBackQuietHours-error")).getText()).isNotBlank();
        assertThat(find(By.id("defaultRingSeconds")).getAttribute("value")).isEqualTo("5");
        assertThat(find(By.id("defaultRingSeconds")).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(find(By.id("textBackQuietHours")).getAttribute("value")).isEqualTo("500");
        assertThat(find(By.id("textBackMessage")).getAttribute("value")).isEqualTo("Sorry we missed you at {company}. Call us back on {number}.");
        assertThat(new Select(find(By.id("defaultStrategy"))).getFirstSelectedOption().getAttribute("value")).isEqualTo("VOICEMAIL");
        assertThat(find(By.name("textBackEnabled")).isSelected()).isNotEqualTo(textBackWas);
        assertThat(find(By.name("textBackAfterVoicemail")).isSelected()).isNotEqualTo(afterVoicemailWas);
        assertAccessibleBasics();
        fullShot("50-general-refused");
        phoneSized(() -> {
            open("/settings/communications/phone/general");
            find(By.id("defaultStrategy"));
            assertFitsTheWindow();
            assertSelectsShowTheirChoice();
            fullShot("51-screen-general");
        });

        // A routing rule: the technician switch only for round robin and simultaneous rules, kept on a refusal.
        open("/settings/communications/phone/routing/new");
        var type = new Select(find(By.id("type")));
        var technicianFirst = By.name("assignedMemberFirst");
        for (var t : List.of("DIRECT", "ROUND_ROBIN", "IVR", "SIMULTANEOUS", "BUSINESS_HOURS", "CONDITIONAL", "ROUND_ROBIN")) {
            type.selectByValue(t);
            assertThat(driver.findElement(technicianFirst).isDisplayed()).as(t).isEqualTo(t.equals("ROUND_ROBIN") || t.equals("SIMULTANEOUS"));
        }
        driver.findElement(technicianFirst).sendKeys(Keys.SPACE);
        assertThat(driver.findElement(technicianFirst).isSelected()).isTrue();
        assertAccessibleBasics();
        shot("52-rule-technician-first");
        click(By.xpath("//button[normalize-space()='Save rule']"));
        find(By.id("name-error"));
        assertThat(new Select(find(By.id("type"))).getFirstSelectedOption().getAttribute("value")).isEqualTo("ROUND_ROBIN");
        assertThat(find(technicianFirst).isSelected()).isTrue();
        open("/settings/communications/phone/routing");
        click(By.cssSelector("a[aria-label='Edit Office']"));
        assertThat(find(technicianFirst).isSelected()).isTrue();
        new Select(find(By.id("type"))).selectByValue("DIRECT");
        assertThat(driver.findElement(technicianFirst).isDisplayed()).isFalse();

        // The extension dialog's confirm switch: toggled from the keyboard, saved, and shown so when reopened.
        open("/settings/communications/phone/extensions");
        var wasConfirming = toggleConfirmForwardedCalls("James Carter");
        click(By.cssSelector("a[aria-label='Edit extension of James Carter']"));
        assertThat(find(By.name("confirmForwardedCalls")).isSelected()).isNotEqualTo(wasConfirming);
        assertAccessibleBasics();
        shot("53-extension-confirm");
        driver.findElement(By.cssSelector("[data-close-dialog]")).click();
        toggleConfirmForwardedCalls("James Carter");

        // The queue editor: members in the order typed, targets, hold music; a refusal keeps all of it.
        open("/queues");
        click(By.linkText("New queue"));
        type(By.id("name"), "Browser queue");
        new Select(find(By.id("strategy"))).selectByValue("FIXED_ORDER");
        var order = List.of("Aisha Khan", "Maria Lopez", "James Carter");
        for (var member : order) {
            click(By.xpath("//label[span[normalize-space()='" + member + "']]/input[@name='memberIds']"));
        }
        type(By.cssSelector("input[aria-label='Place of Aisha Khan']"), "1");
        type(By.cssSelector("input[aria-label='Place of Maria Lopez']"), "2");
        type(By.cssSelector("input[aria-label='Place of James Carter']"), "3");
        new Select(find(By.id("maxWaitKind"))).selectByValue("MEMBER");
        new Select(find(By.id("maxWaitMember"))).selectByVisibleText("Grace Kim · ext 107");
        new Select(find(By.id("fullKind"))).selectByValue("EXTERNAL_NUMBER");
        type(By.id("fullNumber"), "+13125550999");
        type(By.id("maxCallers"), "0");
        find(By.id("holdMusicFile")).sendKeys(Path.of("src/main/resources/static/audio/hold-music.wav").toAbsolutePath().toString());
        assertAccessibleBasics();
        click(By.xpath("//button[normalize-space()='Save queue']"));
        assertThat(find(By.id("maxCallers-error")).getText()).isNotBlank();
        assertThat(find(By.id("maxCallers")).getAttribute("value")).isEqualTo("0");
        assertThat(find(By.id("holdMusicFile-again")).getText()).contains("hold-music.wav").contains("choose it again");
        // Shown again at the form's own address: the token the upload was sent with is not left in the address bar.
        assertThat(driver.getCurrentUrl()).isEqualTo(url("/queues/new"));
        assertQueueForm(order);
        fullShot("54-queue-refused");
        type(By.id("maxCallers"), "15");
        find(By.id("holdMusicFile")).sendKeys(Path.of("src/main/resources/static/audio/hold-music.wav").toAbsolutePath().toString());
        click(By.xpath("//button[normalize-space()='Save queue']"));
        find(By.xpath("//*[contains(text(),'Browser queue') and contains(text(),'saved')]"));
        assertThat(find(By.xpath("//section[h2[normalize-space()='Browser queue']]/p[contains(@class,'muted')]")).getText())
                .contains("3 members");
        // Its members in their order, each with what they are doing now.
        assertThat(find(By.xpath("//section[h2[normalize-space()='Browser queue']]/ul[contains(@class,'queue-members')]")).getText())
                .containsSubsequence("Aisha Khan", "Maria Lopez", "James Carter");
        assertFiguresUnderTheirLabels();
        shot("55-queues");
        click(By.cssSelector("a[aria-label='Edit Browser queue']"));
        assertQueueForm(order);
        assertThat(find(By.id("maxCallers")).getAttribute("value")).isEqualTo("15");
        find(By.cssSelector("audio[controls]"));
        assertSelectsShowTheirChoice();
        fullShot("56-queue-edit");
        phoneSized(() -> {
            driver.navigate().refresh();
            find(By.id("name"));
            assertFitsTheWindow();
            fullShot("57-screen-queue-edit");
        });
        open("/queues");
        click(By.cssSelector("button[aria-label='Delete Browser queue']"));
        driver.switchTo().alert().accept();
        find(By.xpath("//*[contains(text(),'Browser queue') and contains(text(),'deleted')]"));

        // On a phone, pages a walk found scrolling sideways: the hours (a fieldset as wide as a time zone's longest name),
        // a menu's keys (their table, its selects squashed), the activity's changes (tables in their details).
        phoneSized(() -> {
            for (var page : List.of("/settings/communications/phone/hours", "/settings/communications/phone/call-flows/new",
                    "/settings/activity")) {
                open(page);
                find(By.tagName("h1"));
                driver.findElements(By.cssSelector("main details")).forEach(d -> ((org.openqa.selenium.JavascriptExecutor) driver)
                        .executeScript("arguments[0].open = true", d));
                assertFitsTheWindow();
            }
        });
    }

    @org.springframework.beans.factory.annotation.Autowired
    dev.switchboard.simulator.TelnyxSimulator sim;
    @org.springframework.beans.factory.annotation.Autowired
    dev.switchboard.voicemail.Voicemails voicemails;
    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.transaction.support.TransactionTemplate tx;
    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @Test
    void anOwnerTriesMachineDetectionTextOptOutsAndThePlayerInARealBrowser() throws Exception {
        walk(this::machinesOptOutsAndPlayer);
    }

    /**
     * Today's additions, in a company of its own: the General tab's "Detect answering machines" switch saved and shown;
     * a test call a member's cell voicemail takes, logged as reaching an answering machine in the list and on its page;
     * a caller who texted STOP, whose missed call's page says why no text went; a voicemail played in the inbox's
     * player marked heard without a reload.
     */
    private void machinesOptOutsAndPlayer() throws Exception {
        var owner = api().signUpNewCompany("Machine Browser Co");
        var company = dev.switchboard.shared.CompanyId.of(owner.get("/api/v1/me").json().get("company_id").asString());
        var number = phone("312");
        var cell = phone("773");
        assertThat(owner.put("/api/v1/company", java.util.Map.of("name", "Machine Browser Co", "timezone", "America/Chicago",
                "business_numbers", List.of(number))).status()).isEqualTo(200);
        assertThat(owner.put("/api/v1/business-hours", java.util.Map.of("ranges", java.util.Arrays.stream(java.time.DayOfWeek.values())
                .map(day -> java.util.Map.of("day", day.name(), "start", "00:00", "end", "23:59")).toList())).status()).isEqualTo(200);
        assertThat(owner.post("/api/v1/members", java.util.Map.of("name", "Maria Lopez", "phone_extension", "101", "call_forwarding_enabled", true,
                "call_forwarding_number", cell)).status()).isEqualTo(201);
        open("/login");
        driver.manage().deleteAllCookies();
        open("/login");
        type(By.id("email"), owner.email());
        type(By.id("password"), "correct-horse");
        click(By.cssSelector("main form button[type=submit]"));
        find(By.tagName("h1"));

        // The switch: off by default, turned on from the keyboard, saved, shown on again.
        open("/settings/communications/phone/general");
        var detect = find(By.name("detectAnsweringMachines"));
        assertThat(detect.isSelected()).isFalse();
        detect.sendKeys(Keys.SPACE);
        click(By.xpath("//button[normalize-space()='Save general settings']"));
        gone(detect);
        open("/settings/communications/phone/general");
        assertThat(find(By.name("detectAnsweringMachines")).isSelected()).isTrue();
        assertThat(owner.get("/api/v1/phone-settings").json().get("detect_answering_machines").asBoolean()).isTrue();
        assertAccessibleBasics();

        // Maria's cell voicemail takes a test call: the live trace says so, then the log and the call's page.
        sim.phone(cell, dev.switchboard.simulator.PhoneScript.machine(Duration.ofSeconds(1)));
        var caller = phone("773");
        testCall(caller);
        wait.until(d -> d.findElement(By.id("live-trace")).getText().contains("answered by an answering machine"));
        click(By.id("hang-up"));
        wait.until(ExpectedConditions.textToBe(By.id("call-state"), "Ended"));
        click(By.id("find-in-log"));
        wait.until(d -> d.findElements(By.cssSelector("tr.call-row")).size() == 1);
        assertThat(find(By.cssSelector("tr.call-row")).getText()).contains("reached an answering machine");
        click(By.linkText("Details"));
        assertThat(find(By.id("answered-by")).getText()).contains("Maria Lopez").contains("reached an answering machine");
        assertThat(find(By.id("outcome")).getText()).isEqualTo("Answered");
        assertFiguresUnderTheirLabels();
        fullShot("60-call-answering-machine");

        // A caller who texted STOP hangs up before anyone answers: the call's page says why no text went.
        assertThat(owner.put("/api/v1/phone-settings", java.util.Map.of("text_back_enabled", true)).status()).isEqualTo(200);
        sim.phone(cell, new dev.switchboard.simulator.PhoneScript.NeverAnswer());
        var stopper = phone("773");
        sim.receiveText(stopper, number, "STOP");
        wait.until(d -> dev.switchboard.platform.TenantContext.callAs(company, () -> tx.execute(t -> jdbc.sql(
                "select count(*) from call_text_opt_outs where company_id = :c and number = :n and opted_out")
                .param("c", company.value()).param("n", stopper).query(Long.class).single())) == 1);
        testCall(stopper);
        wait.until(d -> d.findElements(By.cssSelector("#live-trace li:not(.muted)")).size() > 0);
        click(By.id("hang-up"));
        wait.until(ExpectedConditions.textToBe(By.id("call-state"), "Ended"));
        click(By.id("find-in-log"));
        wait.until(d -> d.findElements(By.cssSelector("tr.call-row")).size() == 1);
        click(By.linkText("Details"));
        // Beside its label "Text-back", the line does not say "Text-back" again.
        assertThat(find(By.id("text-back")).getText()).startsWith("Skipped: the caller texted STOP at ");
        assertThat(find(By.id("answered-by")).getText()).doesNotContain("answering machine");
        assertFiguresUnderTheirLabels();
        fullShot("61-call-text-back-stop");
        phoneSized(() -> {
            driver.navigate().refresh();
            find(By.id("text-back"));
            assertFitsTheWindow();
            fullShot("62-screen-call-text-back-stop");
            // The call log on a phone: when, from, what became of it and who the customer is, without scrolling sideways
            // (its eight columns did); the rest is on the call's page.
            open("/calls");
            var table = find(By.id("calls"));
            assertThat(table.findElement(By.cssSelector("thead")).getText()).contains("When").contains("Outcome")
                    .doesNotContain("Answered by").doesNotContain("Duration");
            var fits = ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                    "var w = arguments[0].parentElement; return w.scrollWidth <= w.clientWidth + 1;", table);
            assertThat(fits).as("the call log's table fits a phone's width").isEqualTo(true);
            fullShot("62-screen-call-log");
            // Its time opens the call (the Details column is left out on a phone).
            table.findElement(By.cssSelector("tbody tr td a")).click();
            find(By.id("outcome"));
        });

        // A message played in the inbox's player is marked heard as it plays, without a reload.
        var message = new java.util.UUID[1];
        var wav = dev.switchboard.support.TestAudio.wav();
        dev.switchboard.platform.TenantContext.runAs(company, () -> tx.executeWithoutResult(t -> {
            message[0] = voicemails.deposit(null, java.util.UUID.randomUUID(), "+17735550199", java.time.Instant.now(), 1, null);
            voicemails.storeAudio(message[0], wav);
        }));
        open("/voicemail");
        var header = By.id("vm-" + message[0] + "-header");
        assertThat(find(header).getText()).contains("New");
        var audio = find(By.cssSelector("#vm-" + message[0] + " audio"));
        // Chromium plays media only once the person has interacted with the page (a click on it); then play(), as the
        // player's button does, and the page hears the 'playing' event as it would from the button.
        find(By.cssSelector("#vm-" + message[0] + "-header strong")).click();
        var played = ((org.openqa.selenium.JavascriptExecutor) driver).executeAsyncScript("""
                var a = arguments[0], done = arguments[arguments.length - 1];
                a.play().then(function () { done('playing'); }, function (e) { done(e + ' (media error ' + (a.error && a.error.code) + ')'); });
                """, audio);
        assertThat(played).isEqualTo("playing");
        wait.until(d -> !d.findElement(header).getText().contains("New"));
        assertThat(find(By.cssSelector("#vm-" + message[0] + "-heard-form button")).getText()).isEqualTo("Mark as new");
        assertThat(audio.isDisplayed()).as("the player was not swapped out while it plays").isTrue();
        driver.navigate().refresh();
        assertThat(find(header).getText()).doesNotContain("New");
        assertAccessibleBasics();
        fullShot("63-voicemail-played");

        // A call's page opened while Maria's cell rings follows the call (htmx asks for its changing part every 3 s):
        // her answer shows, then the call's end, without a reload; once it has ended the page asks no more.
        sim.phone(cell, dev.switchboard.simulator.PhoneScript.answerAfter(Duration.ofSeconds(4)));
        var watched = sim.call(phone("773"), number);
        var callId = new String[1];
        wait.until(d -> {
            var calls = owner.get("/api/v1/call-logs").json();
            for (var c : calls) {
                if (c.get("from_number").asString().equals(watched.leg().from())) {
                    callId[0] = c.get("id").asString();
                }
            }
            return callId[0] != null;
        });
        open("/calls/" + callId[0]);
        assertThat(find(By.id("outcome")).getText()).isEqualTo("In progress");
        assertThat(find(By.id("live")).getAttribute("hx-trigger")).isEqualTo("every 3s");
        assertThat(driver.findElements(By.id("transfer"))).as("ringing: nothing to transfer yet").isEmpty();
        wait.until(d -> d.findElement(By.id("answered-by")).getText().contains("Maria Lopez"));
        // Answered: the Transfer form comes in with the live part's next answer, not only on a reload.
        wait.until(d -> !d.findElements(By.cssSelector("#transfer summary")).isEmpty());
        find(By.cssSelector("#transfer summary")).click();
        type(By.id("transfer-number"), "(773) 555-0100");
        // The live part asked for and swapped in again after the typing: what was typed stays.
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                "window.livePolls = 0; document.body.addEventListener('htmx:afterSettle', function () { window.livePolls++; });");
        wait.until(d -> ((Number) ((org.openqa.selenium.JavascriptExecutor) d).executeScript("return window.livePolls;")).intValue() > 0);
        assertThat(find(By.id("transfer-number")).getAttribute("value")).isEqualTo("(773) 555-0100");
        watched.hangUp();
        wait.until(ExpectedConditions.textToBe(By.id("outcome"), "Answered"));
        assertThat(driver.findElements(By.id("transfer"))).as("over: the form is gone").isEmpty();
        assertThat(find(By.id("live")).getAttribute("hx-trigger")).as("ended: not asked for again").isNull();
        assertThat(driver.getCurrentUrl()).as("never reloaded away").endsWith("/calls/" + callId[0]);
    }

    /** Places a test call from {@code from} to the company's number in the test-call panel. */
    private void testCall(String from) {
        open("/test-call");
        type(By.id("from"), from);
        click(By.xpath("//button[normalize-space()='Place test call']"));
        find(By.id("call-state"));
    }

    private static String phone(String areaCode) {
        return "+1" + areaCode + ThreadLocalRandom.current().nextInt(200, 999) + String.format("%04d", ThreadLocalRandom.current().nextInt(1000, 9999));
    }

    /** The queue editor as filled in above: members first in their order with their places, the two targets. */
    private void assertQueueForm(List<String> order) {
        var listed = texts(By.cssSelector("input[name=memberIds] + span"));
        assertThat(listed.subList(0, order.size())).isEqualTo(order);
        for (int i = 0; i < order.size(); i++) {
            assertThat(find(By.cssSelector("input[aria-label='Place of " + order.get(i) + "']")).getAttribute("value")).isEqualTo(String.valueOf(i + 1));
        }
        assertThat(driver.findElements(By.cssSelector("input[name=memberIds]:checked"))).hasSize(order.size());
        assertThat(new Select(find(By.id("strategy"))).getFirstSelectedOption().getAttribute("value")).isEqualTo("FIXED_ORDER");
        assertThat(new Select(find(By.id("maxWaitKind"))).getFirstSelectedOption().getAttribute("value")).isEqualTo("MEMBER");
        assertThat(new Select(find(By.id("maxWaitMember"))).getFirstSelectedOption().getText()).isEqualTo("Grace Kim · ext 107");
        assertThat(new Select(find(By.id("fullKind"))).getFirstSelectedOption().getAttribute("value")).isEqualTo("EXTERNAL_NUMBER");
        assertThat(find(By.id("fullNumber")).getAttribute("value")).isEqualTo("+13125550999");
    }

    /** Opens the member's extension dialog, flips "Ask to press 1" with the space bar and saves; what it was before. */
    private boolean toggleConfirmForwardedCalls(String member) {
        click(By.cssSelector("a[aria-label='Edit extension of " + member + "']"));
        var confirm = find(By.name("confirmForwardedCalls"));
        var was = confirm.isSelected();
        confirm.sendKeys(Keys.SPACE);
        assertThat(confirm.isSelected()).isNotEqualTo(was);
        click(By.xpath("//button[normalize-space()='Save extension']"));
        // Saved, the page is loaded again (and says so).
        gone(confirm);
        find(By.xpath("//*[contains(text(),'Extension of " + member + " saved')]"));
        return was;
    }

    /** Each figure of a list of figures (dl) stands under its own label, not beside the next one's. */
    @SuppressWarnings("unchecked")
    private void assertFiguresUnderTheirLabels() {
        var apart = (List<String>) ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("""
                var out = [];
                document.querySelectorAll('main dl dt').forEach(function (dt) {
                  var dd = dt.nextElementSibling;
                  if (!dd || dd.tagName !== 'DD') return;
                  var a = dt.getBoundingClientRect(), b = dd.getBoundingClientRect();
                  if (b.left < a.left - 1 || b.left > a.right || b.top < a.bottom - 1) out.push(dt.textContent.trim() + ' / ' + dd.textContent.trim());
                });
                return out;
                """);
        assertThat(apart).as(driver.getCurrentUrl()).isEmpty();
    }

    private void phoneSized(Runnable walk) {
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        try {
            walk.run();
        } finally {
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1000));
        }
    }

    /** Nothing wider than the window (a page that scrolls sideways on a phone); the culprits are named. */
    @SuppressWarnings("unchecked")
    private void assertFitsTheWindow() {
        var wide = (List<String>) ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("""
                var out = [];
                var w = document.documentElement.clientWidth;
                document.querySelectorAll('main *').forEach(function (e) {
                  if (e.closest('.tabs, .table-wrap') || !e.getClientRects().length) return;
                  var r = e.getBoundingClientRect();
                  if (r.right > w + 1) out.push(e.tagName + (e.id ? '#' + e.id : '') + (e.name ? '[' + e.name + ']' : '') + ' right ' + Math.round(r.right));
                });
                if (document.documentElement.scrollWidth > w + 1) out.push('page scrolls sideways: ' + document.documentElement.scrollWidth + ' > ' + w);
                return out;
                """);
        assertThat(wide).as(driver.getCurrentUrl()).isEmpty();
    }

    /** Every visible drop-down shows its whole chosen option (not cut off mid-word). */
    @SuppressWarnings("unchecked")
    private void assertSelectsShowTheirChoice() {
        var cut = (List<String>) ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("""
                var out = [];
                var ctx = document.createElement('canvas').getContext('2d');
                document.querySelectorAll('main select').forEach(function (s) {
                  if (!s.getClientRects().length || s.selectedIndex < 0) return;
                  var cs = getComputedStyle(s);
                  ctx.font = cs.fontStyle + ' ' + cs.fontWeight + ' ' + cs.fontSize + ' ' + cs.fontFamily;
                  var text = s.options[s.selectedIndex].text;
                  var room = s.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
                  var need = ctx.measureText(text).width;
                  if (need > room + 1) out.push((s.id || s.name) + ': "' + text + '" needs ' + Math.round(need) + 'px, has ' + Math.round(room));
                });
                return out;
                """);
        assertThat(cut).as(driver.getCurrentUrl()).isEmpty();
    }

    /** The whole page, not only the window (Chromium's DevTools screenshot beyond the viewport). */
    @SuppressWarnings("unchecked")
    private void fullShot(String name) {
        var cdp = (org.openqa.selenium.chromium.ChromiumDriver) driver;
        var metrics = cdp.executeCdpCommand("Page.getLayoutMetrics", java.util.Map.of());
        var size = (java.util.Map<String, Object>) metrics.get("cssContentSize");
        var width = ((Number) size.get("width")).doubleValue();
        var height = Math.min(((Number) size.get("height")).doubleValue(), 6000);
        var result = cdp.executeCdpCommand("Page.captureScreenshot", java.util.Map.of("format", "png", "captureBeyondViewport", true,
                "clip", java.util.Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
        try {
            Files.write(SHOTS.resolve(name + ".png"), java.util.Base64.getDecoder().decode((String) result.get("data")));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The basics a screen reader and a keyboard need, checked on the rendered page: one h1, a label for
     * every visible form control, a name for every button and link, a skip link, and the page language.
     */
    @SuppressWarnings("unchecked")
    private void assertAccessibleBasics() {
        var problems = (List<String>) ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("""
                var problems = [];
                if (document.querySelectorAll('h1').length !== 1) problems.push('h1 count ' + document.querySelectorAll('h1').length);
                if (!document.documentElement.lang) problems.push('no lang');
                if (!document.querySelector('a.skip[href="#main"]')) problems.push('no skip link');
                document.querySelectorAll('input, select, textarea').forEach(function (e) {
                  if (e.type === 'hidden' || e.closest('[hidden]') || e.closest('dialog:not([open])')) return;
                  var labelled = e.getAttribute('aria-label') || e.getAttribute('aria-labelledby') || e.closest('label')
                      || (e.id && document.querySelector('label[for="' + e.id + '"]'));
                  if (!labelled) problems.push('unlabelled ' + e.tagName + ' ' + (e.name || e.id));
                });
                document.querySelectorAll('button, a[href]').forEach(function (e) {
                  if (e.closest('dialog:not([open])')) return;
                  var name = (e.getAttribute('aria-label') || e.textContent || '').trim();
                  if (!name) problems.push('nameless ' + e.tagName + ' ' + (e.id || e.getAttribute('href')));
                });
                return problems;
                """);
        assertThat(problems).as(driver.getCurrentUrl()).isEmpty();
    }

    private List<String> texts(By by) {
        return driver.findElements(by).stream().map(WebElement::getText).toList();
    }

    private List<String> ruleNames() {
        return driver.findElements(By.cssSelector("#rules .rule-name")).stream().map(WebElement::getText).toList();
    }

    private byte[] fetchBytes(String href) throws Exception {
        var cookie = driver.manage().getCookieNamed("JSESSIONID");
        var request = HttpRequest.newBuilder(URI.create(href)).header("Cookie", "JSESSIONID=" + cookie.getValue()).build();
        var response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** A GET with the browser's session cookie (the file a click on the export link would download). */
    private String fetch(String href) throws Exception {
        var cookie = driver.manage().getCookieNamed("JSESSIONID");
        var request = HttpRequest.newBuilder(URI.create(href)).header("Cookie", "JSESSIONID=" + cookie.getValue()).build();
        var response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
