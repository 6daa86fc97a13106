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
        var service = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver")).build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        // htmx swaps parts of the page while a wait polls them.
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        Files.createDirectories(SHOTS);
        Files.deleteIfExists(SHOTS.resolve("failure.png"));
        Files.deleteIfExists(SHOTS.resolve("failure.html"));
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
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private void type(By by, String text) {
        var e = find(by);
        e.clear();
        e.sendKeys(text);
    }

    private void click(By by) {
        wait.until(ExpectedConditions.elementToBeClickable(by)).click();
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

    @Test
    void aNewCompanyWalksThroughTheAppInARealBrowser() throws Exception {
        try {
            walkThrough();
        } catch (Exception | AssertionError e) {
            shot("failure");
            Files.writeString(SHOTS.resolve("failure.html"), driver.getPageSource());
            throw e;
        }
    }

    private void walkThrough() throws Exception {
        var email = "browser-" + UUID.randomUUID() + "@test.example";
        var businessNumber = "+1312" + ThreadLocalRandom.current().nextInt(200, 999) + String.format("%04d", ThreadLocalRandom.current().nextInt(1000, 9999));

        // Sign up and log in: a new company goes to the setup wizard.
        open("/signup");
        type(By.id("companyName"), "Browser Plumbing");
        type(By.id("ownerEmail"), email);
        type(By.id("ownerPassword"), "browser-pass");
        click(By.cssSelector("form button[type=submit]"));
        waitForPath("/login");
        shot("01-login");
        type(By.id("email"), email);
        type(By.id("password"), "browser-pass");
        click(By.cssSelector("main form button[type=submit]"));
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
        click(By.linkText("Continue"));
        waitForPath("/setup/rule");
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
        var format = java.time.format.DateTimeFormatter.ofPattern("EEE, MMM d, yyyy", java.util.Locale.US);
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
        wait.until(ExpectedConditions.textToBe(By.id("call-state"), "ENDED"));
        click(By.id("find-in-log"));
        wait.until(d -> d.findElements(By.cssSelector("tr.call-row")).size() == 1);
        shot("09-call-log");
        click(By.linkText("Details"));
        wait.until(d -> d.findElements(By.cssSelector("#trace li:not(.muted)")).size() > 0);
        shot("10-call-detail");

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
