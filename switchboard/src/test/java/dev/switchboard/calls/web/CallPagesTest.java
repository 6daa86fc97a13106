package dev.switchboard.calls.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.support.IntegrationTest;
import dev.switchboard.support.WebClient;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.commons.csv.CSVFormat;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

/** The test-call page, the call log (filters, pages, detail with trace, notes), exports and the Analytics tab. */
class CallPagesTest extends IntegrationTest {

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.transaction.support.TransactionTemplate tx;

    @org.springframework.beans.factory.annotation.Autowired
    dev.switchboard.voicemail.Voicemails voicemails;

    private static String randomCaller() {
        return "+1773555" + String.format("%04d", ThreadLocalRandom.current().nextInt(1000, 9999));
    }

    /** A US number as the pages write it for a US company: "+17735550123" as "(773) 555-0123". */
    private static String shown(String e164) {
        return "(" + e164.substring(2, 5) + ") " + e164.substring(5, 8) + "-" + e164.substring(8);
    }

    private String placeAndHangUp(WebClient web, String from) {
        var page = web.get("/test-call");
        assertThat(page.body()).contains("Place test call").contains("(312) 555-0100");
        var placed = web.post("/test-call", "from", from, "to", "+13125550100");
        assertThat(placed.status()).isEqualTo(302);
        var callPage = placed.location().replaceAll("^https?://[^/]+", "");
        assertThat(web.get(callPage).body()).contains("State:");
        var fragment = web.htmxGet(callPage);
        assertThat(fragment.body()).doesNotContain("<html").contains("id=\"status\"");
        // The app answers the call on its own thread: keys pressed before that reach nobody (409), so wait for the answer.
        await().atMost(Duration.ofSeconds(20)).until(() -> web.get(callPage).body().contains("id=\"call-state\">Connected<"));
        assertThat(web.post(callPage + "/digits", "digits", "1").status()).isEqualTo(302);
        assertThat(web.get(callPage).body()).contains("aria-label=\"Press #\"");
        var badDigits = web.post(callPage + "/digits", "digits", "12a");
        assertThat(badDigits.status()).isEqualTo(422);
        assertThat(badDigits.body()).contains("must be 1 to 20 of 0-9, * and #");
        assertThat(web.htmxGet(callPage).body()).as("the call on the line: its controls stay").doesNotContain("id=\"call-controls\"");
        web.get(callPage);
        web.post(callPage + "/hangup");
        var ended = web.get(callPage).body();
        assertThat(ended).contains("id=\"call-state\">Ended<").contains("Find this call in the call log")
                .contains("How Switchboard routed it");
        assertThat(ended).as("no keypad or Hang up for an ended call").doesNotContain("aria-label=\"Press #\"").doesNotContain("id=\"hang-up\"");
        assertThat(web.htmxGet(callPage).body()).as("the page polled when the call ends takes its controls away")
                .containsPattern("<div id=\"call-controls\" hx-swap-oob=\"true\">\\s*</div>");
        return callPage;
    }

    /**
     * A test call left without hanging up stayed on the line for good (the demo's phones never hang up), whoever took it
     * busy for every call after, and nothing led back to it: the page lists it, with a way to hang it up.
     */
    @Test
    void aTestCallLeftOnTheLineIsListedOnTheTestCallPageUntilItIsHungUp() {
        var web = webLogin("owner@demo.test", "demo");
        var from = randomCaller();
        var placed = web.post("/test-call", "from", from, "to", "+13125550100");
        assertThat(placed.status()).isEqualTo(302);
        var callPage = placed.location().replaceAll("^https?://[^/]+", "");
        assertThat(web.get("/test-call").body()).contains("Test calls still on the line")
                .contains("<a href=\"" + callPage + "\">From " + shown(from) + " to (312) 555-0100");
        assertThat(web.post(callPage + "/hangup").status()).isEqualTo(302);
        assertThat(web.get("/test-call").body()).doesNotContain("<a href=\"" + callPage + "\">");
    }

    /**
     * A company without a number yet was told to add one "on the General tab" with no way there from the page; then shown
     * an empty "To" list and a button: now it is told to add a business number first, with the links, and no form.
     */
    @Test
    void aCompanyWithoutANumberIsLinkedToTheTabWhereOneIsAdded() {
        var web = newCompanyOwner("Numberless Drains");
        var page = web.get("/test-call").body();
        assertThat(page).contains("There is no number\n    to call yet: add a business number first, on the "
                        + "<a href=\"/settings/communications/phone/general\">General tab</a>")
                .contains("<a href=\"/setup/phone\">setup wizard</a>")
                .doesNotContain("<select id=\"to\"").doesNotContain("Place test call");
    }

    /** Closed now, a test call goes where after-hours calls go: the page said the demo phones answer after 4 seconds. */
    @Test
    void theTestCallPageSaysWhenTheCallWillGoToVoicemailBecauseTheBusinessIsClosed() {
        var owner = api().signUpNewCompany("Closed Cooling");
        assertThat(owner.put("/api/v1/company", Map.of("name", "Closed Cooling", "timezone", "America/Chicago",
                "business_numbers", java.util.List.of(unusedNumber()))).status()).isEqualTo(200);
        assertThat(owner.put("/api/v1/business-hours", Map.of("ranges", java.util.List.of())).status()).isEqualTo(200);
        var web = webLogin(owner.email(), "correct-horse");
        assertThat(web.get("/test-call").body()).contains("You are closed now").contains("it goes to voicemail")
                .doesNotContain("The demo phones answer as set").contains("Place test call");

        var days = new java.util.ArrayList<Map<String, String>>();
        for (var d : java.time.DayOfWeek.values()) {
            days.add(Map.of("day", d.name(), "start", "00:00", "end", "24:00"));
        }
        assertThat(owner.put("/api/v1/business-hours", Map.of("ranges", days)).status()).isEqualTo(200);
        assertThat(web.get("/test-call").body()).contains("The demo phones answer as set").doesNotContain("You are closed now");
    }

    /**
     * A London company's first test call: the page said "closed now (outside your business hours, or closed for a holiday)"
     * without saying which, nor when a test call would ring the team, and offered a Chicago caller (+1 312 555 0199). It
     * says why it is closed and when it opens, and offers a mobile of the company's country (found by the setup walk).
     */
    @Test
    void theTestCallPageSaysWhyTheBusinessIsClosedAndWhenItOpensAndOffersACallerOfItsCountry() {
        var owner = api().signUpNewCompany("Closed Boilers", "Europe/London");
        assertThat(owner.put("/api/v1/company", Map.of("name", "Closed Boilers", "timezone", "Europe/London",
                "business_numbers", java.util.List.of("+442079460018"))).status()).as("a London number").isEqualTo(200);
        var london = java.time.ZoneId.of("Europe/London");
        var tomorrow = java.time.LocalDate.now(london).plusDays(1);
        assertThat(owner.put("/api/v1/business-hours", Map.of("ranges", java.util.List.of(Map.of("day", tomorrow.getDayOfWeek().name(),
                "start", "09:00", "end", "17:00")))).status()).isEqualTo(200);
        var web = webLogin(owner.email(), "correct-horse");
        var page = web.get("/test-call").body();
        assertThat(page).contains("You are closed now (outside business hours; you open again "
                + java.time.format.DateTimeFormatter.ofPattern("EEE d MMM yyyy", java.util.Locale.ENGLISH).format(tomorrow) + ", 9:00 AM)")
                .doesNotContain("or closed for a holiday")
                .contains("name=\"from\" type=\"tel\" value=\"+44 7400 123456\"").doesNotContain("+1 312 555 0199");
    }

    /**
     * A demo phone setting refused on the test call page shows the page again with the caller it offered before: a London
     * company's refused change put a Chicago caller (+1 312 555 0199) back in the form, a call from abroad.
     */
    @Test
    void aRefusedDemoPhoneSettingKeepsTheCallerOfTheCompanysCountry() {
        var owner = api().signUpNewCompany("Refused Phone Boilers", "Europe/London");
        assertThat(owner.put("/api/v1/company", Map.of("name", "Refused Phone Boilers", "timezone", "Europe/London",
                "business_numbers", java.util.List.of("+442079460019"))).status()).as("a London number").isEqualTo(200);
        var ann = owner.post("/api/v1/members", Map.of("name", "Ann", "phone_extension", "101",
                "sip_address", "sip:ann-refused-phone@london.sip.telnyx.com"));
        assertThat(ann.status()).as(ann.body()).isEqualTo(201);
        var web = webLogin(owner.email(), "correct-horse");
        assertThat(web.get("/test-call").body()).contains("value=\"+44 7400 123456\"");
        var refused = web.post("/test-call/phones/" + ann.json().get("id").asString(), "answers", "ANSWER", "afterSeconds", "soon");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("Ann&#39;s phone was not changed")
                .contains("name=\"from\" type=\"tel\" value=\"+44 7400 123456\"").doesNotContain("+1 312 555 0199");
    }

    @Test
    void aTestCallIsFoundInTheCallLogWithItsTraceAndItsNotesCanBeEdited() {
        var web = webLogin("owner@demo.test", "demo");
        var bad = web.post("/test-call", "from", "not a number", "to", "+13125550100");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).contains("field-error");

        var from = randomCaller();
        placeAndHangUp(web, from);
        await().atMost(Duration.ofSeconds(20)).until(() -> web.get("/calls?number=" + from).body().contains("call-row"));
        var list = web.get("/calls?number=" + from).body();
        // The link carries the list's filters (?number=...), for the call's "Call log" back to them.
        var id = list.replaceAll("(?s).*href=\"/calls/([0-9a-f-]{36})[?\"].*", "$1");
        await().atMost(Duration.ofSeconds(20)).until(() -> !web.get("/calls/" + id).body().contains("In progress"));
        var detail = web.get("/calls/" + id);
        assertThat(detail.body()).contains("Who rang, who was skipped and why").contains(shown(from));
        // Direction and outcome in the call log's words, not the enum's ("INBOUND", "MISSED").
        assertThat(detail.body()).contains("id=\"direction\">Inbound<").containsPattern("id=\"outcome\">(Missed|Answered|Voicemail|Abandoned)<");
        assertThat(detail.body()).containsPattern("id=\"trace\">\\s*<li>");
        // The journey log names each leg by who it was, not by the carrier's leg id.
        var journey = detail.body().replaceAll("(?s).*<ol id=\"journey\">(.*?)</ol>.*", "$1");
        assertThat(journey).contains("the caller (" + shown(from) + ")").doesNotContain("v3:");

        var tooLong = web.post("/calls/" + id + "/notes", "notes", "x".repeat(5001), "tags", "test");
        assertThat(tooLong.status()).isEqualTo(422);
        assertThat(tooLong.body()).contains("must be at most 5000 characters");
        assertThat(web.get("/calls/" + id).body()).doesNotContain("value=\"test\"");
        web.post("/calls/" + id + "/notes", "notes", "Called about a leak", "tags", "test, demo");
        assertThat(web.get("/calls/" + id).body()).contains("Called about a leak").contains("value=\"test, demo\"");

        assertThat(web.get("/calls?number=12").status()).isEqualTo(422);
        assertThat(web.get("/calls?from=yesterday").body()).contains("must be a date");
        // Missed and abandoned calls are counted together, as the card says: "missed" alone did not add up with the
        // log, which tells them apart.
        assertThat(web.get("/settings/communications/phone/analytics").body()).contains("answered").contains("This week")
                .contains("</span> missed or abandoned</a></article>");
    }

    @Test
    void aTestCallSaysWhoAnsweredAsSoonAsTheyDoNotOnlyOnceItIsOver() {
        var owner = api().signUpNewCompany("Answered Heating");
        var did = unusedNumber();
        var main = unusedNumber();
        assertThat(owner.put("/api/v1/company", java.util.Map.of("name", "Answered Heating", "timezone", "America/Chicago",
                "business_numbers", List.of(main))).status()).isEqualTo(200);
        assertThat(owner.post("/api/v1/members", java.util.Map.of("name", "Rita Moreno", "phone_extension", "101",
                "direct_inward_dial", did, "sip_address", "sip:rita@example.sip.telnyx.com")).status()).isEqualTo(201);
        var web = webLogin(owner.email(), "correct-horse");

        assertThat(web.get("/test-call").body()).as("each number says whose it is, so the list says what a call to it tests")
                .contains(dev.switchboard.shared.PhoneNumber.parse(main, "US").display("US") + " · main number</option>")
                .contains(dev.switchboard.shared.PhoneNumber.parse(did, "US").display("US") + " · Rita Moreno&#39;s direct line</option>");
        var placed = web.post("/test-call", "from", randomCaller(), "to", did);
        assertThat(placed.status()).isEqualTo(302);
        var callPage = placed.location().replaceAll("^https?://[^/]+", "");
        // Her direct line rings her phone alone; the demo phone answers after 4 s and stays on the line. Before, the page
        // still ended its trace with "ringing Rita Moreno" while she was talking to the caller.
        await().atMost(Duration.ofSeconds(20)).until(() -> web.htmxGet(callPage).body().contains("id=\"answered-by\">Rita Moreno<"));
        assertThat(web.htmxGet(callPage).body()).as("the call is not over yet").doesNotContain("id=\"outcome\"");
        web.get(callPage);
        web.post(callPage + "/hangup");
        await().atMost(Duration.ofSeconds(20)).until(() -> web.get(callPage).body().contains("id=\"outcome\">Answered<"));
        assertThat(web.get(callPage).body()).contains("id=\"answered-by\">Rita Moreno<");
    }

    @Test
    void theExportHasExactlyTheFilteredRowsAsCsvAndXlsxAndPagesLoadAsFragments() throws Exception {
        var web = webLogin("owner@demo.test", "demo");
        var from = randomCaller();
        placeAndHangUp(web, from);
        placeAndHangUp(web, from);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> web.get("/calls?number=" + from).body().split("class=\"call-row\"").length - 1 == 2);

        var csv = web.get("/calls/export.csv?number=" + from.replace("+", "%2B"));
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.body()).as(csv.body()).contains(from);
        var records = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(csv.body()))
                .getRecords();
        assertThat(records).hasSize(2).allSatisfy(r -> assertThat(r.get("from")).isEqualTo(from));

        var xlsx = web.get("/calls/export.xlsx?number=" + from.replace("+", "%2B"));
        assertThat(xlsx.contentType()).contains("spreadsheetml");
        try (var book = new XSSFWorkbook(new ByteArrayInputStream(xlsx.bytes()))) {
            var sheet = book.getSheetAt(0);
            assertThat(sheet.getLastRowNum()).isEqualTo(2);
            assertThat(sheet.getRow(1).getCell(2).getStringCellValue()).isEqualTo(from);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }

        var firstPage = web.get("/calls?size=1&number=" + from.replace("+", "%2B")).body();
        assertThat(firstPage.split("class=\"call-row\"").length - 1).isEqualTo(1);
        assertThat(firstPage).contains("Older calls");
        var next = firstPage.replaceAll("(?s).*hx-get=\"([^\"]+)\".*", "$1").replace("&amp;", "&");
        var more = web.htmxGet(next);
        assertThat(more.body()).doesNotContain("<html").contains("call-row").doesNotContain("Older calls");
        assertThat(more.body().split("class=\"call-row\"").length - 1).isEqualTo(1);

        // A filter the page or an export cannot take is refused naming it, before anything is written: never an
        // empty file (which reads as "no calls") or an error page.
        for (var bad : List.of("direction=sideways", "outcome=nope", "from=2026-12-01&to=2026-11-01", "from=%2B999999-01-01")) {
            for (var path : List.of("/calls?", "/calls/export.csv?", "/calls/export.xlsx?")) {
                var refused = web.get(path + bad);
                assertThat(refused.status()).as(path + bad).isEqualTo(422);
                assertThat(String.valueOf(refused.contentType())).as(path + bad).doesNotContain("csv").doesNotContain("spreadsheetml");
            }
        }
        assertThat(web.get("/calls?from=2026-12-01&to=2026-11-01").body()).contains("must be on or after the from date")
                .as("no export offered of filters it would refuse").doesNotContain("export.csv").doesNotContain("export.xlsx");
        // An export asked for all the same is a page naming the filter, not the server's own error document.
        var export = web.get("/calls/export.csv?from=2026-12-01&to=2026-11-01");
        assertThat(export.body()).contains("Part of the address could not be read").contains("must be on or after the from date")
                .doesNotContain("\"status\"");
        assertThat(web.get("/calls?direction=sideways").body()).contains("must be INBOUND or OUTBOUND");
        // Every outcome the log holds can be filtered by, a queue caller who asked to be called back too.
        var callbacks = web.get("/calls?outcome=CALLBACK_REQUESTED");
        assertThat(callbacks.status()).isEqualTo(200);
        assertThat(callbacks.body()).containsPattern("<option value=\"CALLBACK_REQUESTED\" selected=\"selected\">Callback requested</option>");

        var agent = webLogin("aisha@demo.test", "demo-agent");
        var agentLog = agent.get("/calls?number=" + from.replace("+", "%2B"));
        assertThat(agentLog.status()).isEqualTo(200);
        assertThat(agentLog.body()).contains("Calls you took part in, and calls that left a message in your mailbox.").doesNotContain("class=\"call-row\"");
    }

    /**
     * The outcome filter takes the calls nobody answered at once ("Not answered": missed, abandoned, voicemail), shows it
     * chosen after filtering, and keeps those outcomes on the next page's link and in the exports; a single outcome still
     * works as before, and a set of outcomes the choices do not have (typed into the address) is shown as chosen too.
     */
    @Test
    void theOutcomeFilterTakesTheCallsNobodyAnsweredAtOnceAcrossPagesAndExports() throws Exception {
        var web = newCompanyOwner("Not Answered Heating");
        var company = dev.switchboard.shared.CompanyId.of(web.companyId());
        var outcomes = List.of("MISSED", "ANSWERED", "VOICEMAIL", "ABANDONED", "REJECTED");
        dev.switchboard.platform.TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> {
            for (int i = 0; i < outcomes.size(); i++) {
                jdbc.sql("""
                        insert into calls (company_id, id, direction, from_number, to_number, phase, started_at, ended_at,
                          duration_seconds, billable_seconds, outcome)
                        values (:c, :id, 'INBOUND', :from, '+13125550100', 'ENDED', now() - make_interval(mins => :ago), now(), 60, 60, :o)
                        """).param("c", company.value()).param("id", java.util.UUID.randomUUID()).param("from", "+1773555010" + i)
                        .param("ago", 10 + i).param("o", outcomes.get(i)).update();
            }
        }));

        var notAnswered = web.get("/calls?outcome=MISSED,ABANDONED,VOICEMAIL");
        assertThat(notAnswered.status()).as(notAnswered.body()).isEqualTo(200);
        assertThat(rowCount(notAnswered.body())).isEqualTo(3);
        assertThat(notAnswered.body()).doesNotContain(shown("+17735550101")).doesNotContain(shown("+17735550104"))
                .contains("<option value=\"MISSED,ABANDONED,VOICEMAIL\" selected=\"selected\">Not answered (missed, abandoned, voicemail)</option>")
                .contains("<option value=\"MISSED\">Missed</option>");
        assertThat(web.get("/calls?outcome=voicemail,%20missed,abandoned").body()).as("in any case and order: the same choice")
                .contains("<option value=\"MISSED,ABANDONED,VOICEMAIL\" selected=\"selected\">");
        var single = web.get("/calls?outcome=MISSED").body();
        assertThat(rowCount(single)).isEqualTo(1);
        assertThat(single).contains("<option value=\"MISSED\" selected=\"selected\">Missed</option>")
                .contains("<option value=\"MISSED,ABANDONED,VOICEMAIL\">Not answered");
        var repeated = web.get("/calls?outcome=ANSWERED&outcome=REJECTED").body();
        assertThat(rowCount(repeated)).as("the parameter repeated: either outcome").isEqualTo(2);
        assertThat(repeated).contains("<option value=\"ANSWERED,REJECTED\" selected=\"selected\">Answered, Rejected</option>");

        // The next page keeps the outcomes: the second page has the third call nobody answered, and no other.
        var first = web.get("/calls?size=2&outcome=MISSED,ABANDONED,VOICEMAIL").body();
        assertThat(rowCount(first)).isEqualTo(2);
        var next = first.replaceAll("(?s).*hx-get=\"([^\"]+)\".*", "$1").replace("&amp;", "&");
        assertThat(next).contains("outcome=MISSED%2CABANDONED%2CVOICEMAIL");
        var more = web.htmxGet(next).body();
        assertThat(rowCount(more)).isEqualTo(1);
        assertThat(more).contains(shown("+17735550103")).doesNotContain("Older calls");

        // The exports have the same calls, their links keeping the outcomes.
        assertThat(notAnswered.body()).contains("href=\"/calls/export.csv?outcome=MISSED%2CABANDONED%2CVOICEMAIL\"");
        var csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(web.get("/calls/export.csv?outcome=MISSED%2CABANDONED%2CVOICEMAIL").body())).getRecords();
        assertThat(csv).extracting(r -> r.get("outcome")).containsExactly("MISSED", "VOICEMAIL", "ABANDONED");
        var xlsx = web.get("/calls/export.xlsx?outcome=MISSED%2CABANDONED%2CVOICEMAIL");
        try (var book = new XSSFWorkbook(new ByteArrayInputStream(xlsx.bytes()))) {
            assertThat(book.getSheetAt(0).getLastRowNum()).isEqualTo(3);
        }

        // One outcome among them that is none: refused naming it, page and exports alike.
        for (var path : List.of("/calls?", "/calls/export.csv?", "/calls/export.xlsx?")) {
            var refused = web.get(path + "outcome=MISSED,nope");
            assertThat(refused.status()).as(path).isEqualTo(422);
            assertThat(String.valueOf(refused.contentType())).as(path).doesNotContain("csv").doesNotContain("spreadsheetml");
        }
        assertThat(web.get("/calls?outcome=MISSED,nope").body()).contains("nope is no outcome: each must be one of ANSWERED, MISSED");
    }

    private static int rowCount(String page) {
        return page.split("class=\"call-row\"", -1).length - 1;
    }

    /**
     * An agent notes and tags the calls they took part in (as RingCentral and Dialpad let them), on the page and through
     * the API alike, and the audit log says who changed what; another member's call stays theirs: a 403 in words, and its
     * notes as they were.
     */
    @Test
    void anAgentNotesTheCallsTheyTookPartInButNotAColleaguesAndTheAuditLogSaysWho() {
        var web = newCompanyOwner("Agent Notes Heating");
        var api = api().login(web.email(), "correct-horse");
        var company = dev.switchboard.shared.CompanyId.of(web.companyId());
        var ann = api.post("/api/v1/members", java.util.Map.of("name", "Ann Lee")).json().get("id").asString();
        var bob = api.post("/api/v1/members", java.util.Map.of("name", "Bob Stone")).json().get("id").asString();
        var agentApi = api.newUser("AGENT", ann);
        var agent = webLogin(agentApi.email(), "their-password");
        var hers = java.util.UUID.randomUUID();
        var his = java.util.UUID.randomUUID();
        dev.switchboard.platform.TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> jdbc.sql("""
                insert into calls (company_id, id, direction, from_number, to_number, phase, started_at, ended_at, duration_seconds,
                  billable_seconds, outcome, answered_by, notes)
                values (:c, :hers, 'INBOUND', '+17735550001', '+13125550100', 'ENDED', now() - interval '3 minutes', now(), 60, 60,
                        'ANSWERED', :ann, null),
                       (:c, :his, 'INBOUND', '+17735550002', '+13125550100', 'ENDED', now() - interval '2 minutes', now(), 60, 60,
                        'ANSWERED', :bob, 'Bob''s customer')
                """).param("c", company.value()).param("hers", hers).param("his", his)
                .param("ann", java.util.UUID.fromString(ann)).param("bob", java.util.UUID.fromString(bob)).update()));

        assertThat(agent.get("/calls/" + hers).body()).as("the form, not the notes read-only").contains("Save notes")
                .contains("action=\"/calls/" + hers + "/notes\"");
        var saved = agent.post("/calls/" + hers + "/notes", "notes", "Wants a quote for a water heater", "tags", "quote, heater");
        assertThat(saved.status()).isEqualTo(302);
        assertThat(agent.get("/calls/" + hers).body()).contains("Notes and tags saved.").contains("Wants a quote for a water heater")
                .contains("value=\"quote, heater\"");
        var tooLong = agent.post("/calls/" + hers + "/notes", "notes", "x".repeat(5001), "tags", "");
        assertThat(tooLong.status()).isEqualTo(422);
        assertThat(tooLong.body()).contains("must be at most 5000 characters");

        var refused = agent.post("/calls/" + his + "/notes", "notes", "Mine now", "tags", "x");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("agents see only the calls they took part in");
        var refusedApi = agentApi.patch("/api/v1/call-logs/" + his, java.util.Map.of("notes", "Mine now"));
        assertThat(refusedApi.status()).isEqualTo(403);
        assertThat(refusedApi.body()).contains("agents see only the calls they took part in");
        assertThat(api.get("/api/v1/call-logs/" + his).json().get("call").get("notes").asString()).as("unchanged").isEqualTo("Bob's customer");

        var byApi = agentApi.patch("/api/v1/call-logs/" + hers, java.util.Map.of("notes", "Quote sent"));
        assertThat(byApi.status()).as(byApi.body()).isEqualTo(200);
        assertThat(byApi.json().get("notes").asString()).isEqualTo("Quote sent");
        assertThat(byApi.json().get("tags").toString()).as("tags left out are kept").isEqualTo("[\"quote\",\"heater\"]");

        var audit = api.get("/api/v1/audit-log?entity_type=call").json();
        assertThat(audit.size()).as("one entry a change, none for the refusals").isEqualTo(2);
        assertThat(audit.get(0).get("actor").asString()).isEqualTo(agentApi.email());
        assertThat(audit.get(0).get("entity_id").asString()).isEqualTo(hers.toString());
        assertThat(audit.get(0).get("before").get("notes").asString()).isEqualTo("Wants a quote for a water heater");
        assertThat(audit.get(0).get("after").get("notes").asString()).isEqualTo("Quote sent");
        assertThat(audit.get(1).get("before").get("notes").isNull()).isTrue();
        assertThat(web.get("/settings/activity").body()).contains(">changed</span>")
                .contains("href=\"/calls/" + hers + "\">the notes and tags of a call</a>");
    }

    @Test
    void aRecordingStillBeingCopiedOrGivenUpSaysSoOnTheCallAndInTheExport() throws Exception {
        var web = newCompanyOwner("Recording Status Heating");
        var company = dev.switchboard.shared.CompanyId.of(web.companyId());
        var fetching = java.util.UUID.randomUUID();
        var failed = java.util.UUID.randomUUID();
        var plain = java.util.UUID.randomUUID();
        dev.switchboard.platform.TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> jdbc.sql("""
                insert into calls (company_id, id, direction, from_number, to_number, phase, started_at, ended_at, duration_seconds,
                  billable_seconds, outcome, recording_url, recording_next_attempt_at, recording_error)
                values (:c, :fetching, 'INBOUND', '+17735550001', '+13125550100', 'ENDED', now() - interval '3 minutes', now(), 60, 60,
                        'ANSWERED', 'https://carrier.example/r1.mp3', now() + interval '1 minute', 'HTTP 503 from the carrier'),
                       (:c, :failed, 'INBOUND', '+17735550002', '+13125550100', 'ENDED', now() - interval '2 minutes', now(), 60, 60,
                        'ANSWERED', 'https://carrier.example/r2.mp3', null, 'HTTP 404 from the carrier'),
                       (:c, :plain, 'INBOUND', '+17735550003', '+13125550100', 'ENDED', now() - interval '1 minutes', now(), 60, 60,
                        'ANSWERED', null, null, null)
                """).param("c", company.value()).param("fetching", fetching).param("failed", failed).param("plain", plain).update()));

        var copying = web.get("/calls/" + fetching).body();
        assertThat(copying).contains("id=\"recording-status\"").contains("Still being copied from the carrier")
                .contains("Last try: HTTP 503 from the carrier").contains("src=\"https://carrier.example/r1.mp3\"");
        var lost = web.get("/calls/" + failed).body();
        assertThat(lost).contains("could not be copied from the carrier before its link expired: HTTP 404 from the carrier")
                .doesNotContain("<audio");
        assertThat(web.get("/calls/" + plain).body()).doesNotContain("recording-status").doesNotContain("<h3>Recording</h3>");

        var csv = web.get("/calls/export.csv").body();
        var records = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(csv)).getRecords();
        var byId = records.stream().collect(java.util.stream.Collectors.toMap(r -> r.get("call_id"), r -> r.get("recording")));
        assertThat(byId).containsEntry(fetching.toString(), "fetching: HTTP 503 from the carrier")
                .containsEntry(failed.toString(), "failed: HTTP 404 from the carrier").containsEntry(plain.toString(), "");
    }

    @Test
    void aCallWhoseCustomerWasDeletedStillOpensAndSaysWhoCalled() {
        var web = newCompanyOwner("Deleted Customer Plumbing");
        var company = dev.switchboard.shared.CompanyId.of(web.companyId());
        var customer = java.util.UUID.randomUUID();
        var job = java.util.UUID.randomUUID();
        var call = java.util.UUID.randomUUID();
        dev.switchboard.platform.TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> {
            jdbc.sql("insert into customers (company_id, id, name, created_at, updated_at) values (:c, :customer, 'Gone Customer', now(), now())")
                    .param("c", company.value()).param("customer", customer).update();
            jdbc.sql("""
                    insert into jobs (company_id, id, customer_id, title, status, created_at, updated_at)
                    values (:c, :job, :customer, 'Fix the leak', 'OPEN', now(), now())
                    """).param("c", company.value()).param("customer", customer).param("job", job).update();
            jdbc.sql("""
                    insert into calls (company_id, id, direction, from_number, to_number, phase, started_at, ended_at, duration_seconds,
                      billable_seconds, outcome, customer_id, job_id)
                    values (:c, :call, 'INBOUND', '+17735550004', '+13125550100', 'ENDED', now() - interval '1 minutes', now(), 60, 60,
                            'ANSWERED', :customer, :job)
                    """).param("c", company.value()).param("customer", customer).param("job", job).param("call", call).update();
            // As Customers.delete does (the job goes with its customer); the call log keeps its row.
            jdbc.sql("delete from customers where company_id = :c and id = :customer").param("c", company.value())
                    .param("customer", customer).update();
        }));

        var detail = web.get("/calls/" + call);
        assertThat(detail.status()).as("the call is still in the log").isEqualTo(200);
        assertThat(detail.body()).contains("(773) 555-0004").contains("Customer").doesNotContain("Fix the leak");
        assertThat(web.get("/calls").body()).contains(call.toString())
                .as("a screen reader reads the caller's number as the page shows it, not as the database keeps it")
                .contains("aria-label=\"Details of the call from (773) 555-0004\"").doesNotContain("from +17735550004");
    }

    @Test
    void theMemberFilterOffersRemovedMembersSoTheirOldCallsCanStillBeFound() {
        var web = newCompanyOwner("Removed Member Heating");
        var api = api().login(web.email(), "correct-horse");
        var company = dev.switchboard.shared.CompanyId.of(web.companyId());
        var dan = api.post("/api/v1/members", java.util.Map.of("name", "Dan Ortiz")).json().get("id").asString();
        var eve = api.post("/api/v1/members", java.util.Map.of("name", "Eve Keep")).json().get("id").asString();
        var dansCall = java.util.UUID.randomUUID();
        var evesCall = java.util.UUID.randomUUID();
        dev.switchboard.platform.TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> {
            for (var call : List.of(java.util.Map.entry(dansCall, dan), java.util.Map.entry(evesCall, eve))) {
                jdbc.sql("""
                        insert into calls (company_id, id, direction, from_number, to_number, phase, started_at, ended_at,
                          duration_seconds, billable_seconds, outcome, answered_by)
                        values (:c, :call, 'INBOUND', '+17735550006', '+13125550100', 'ENDED', now() - interval '1 minutes', now(),
                                60, 60, 'ANSWERED', :member)
                        """).param("c", company.value()).param("call", call.getKey())
                        .param("member", java.util.UUID.fromString(call.getValue())).update();
            }
        }));
        assertThat(api.delete("/api/v1/members/" + dan).status()).isEqualTo(204);

        var page = web.get("/calls").body();
        assertThat(page).as("the removed member is offered, named as the log names them")
                .containsPattern("<option value=\"" + dan + "\"[^>]*>Dan Ortiz \\(removed\\)</option>")
                .containsPattern("<option value=\"" + eve + "\"[^>]*>Eve Keep</option>");
        assertThat(page.indexOf(">Eve Keep<")).as("the members first, then those removed").isLessThan(page.indexOf(">Dan Ortiz (removed)<"));
        var filtered = web.get("/calls?member=" + dan).body();
        assertThat(filtered).contains(dansCall.toString()).doesNotContain(evesCall.toString())
                .containsPattern("<option value=\"" + dan + "\" selected[^>]*>Dan Ortiz \\(removed\\)");

        // The API: who the filter takes, and the filter itself.
        var everyone = api.get("/api/v1/call-logs/members");
        assertThat(everyone.status()).as(everyone.body()).isEqualTo(200);
        assertThat(everyone.json().findValuesAsString("name")).containsExactly("Eve Keep", "Dan Ortiz (removed)");
        assertThat(everyone.json().get(1).get("id").asString()).isEqualTo(dan);
        assertThat(everyone.json().get(1).get("removed").asBoolean()).isTrue();
        assertThat(everyone.json().get(0).get("removed").asBoolean()).isFalse();
        var calls = api.get("/api/v1/call-logs?member_id=" + dan).json();
        assertThat(calls.findValuesAsString("id")).containsExactly(dansCall.toString());
    }

    @Test
    void theCallLogNamesTheCustomerOfACallInACompanyWithThousandsOfCustomers() {
        var web = newCompanyOwner("Many Customers Heating");
        var company = dev.switchboard.shared.CompanyId.of(web.companyId());
        var customer = java.util.UUID.randomUUID();
        var call = java.util.UUID.randomUUID();
        dev.switchboard.platform.TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> {
            jdbc.sql("""
                    insert into customers (company_id, id, name, created_at, updated_at)
                    select :c, gen_random_uuid(), 'Customer ' || lpad(n::text, 4, '0'), now(), now() from generate_series(1, 600) n
                    """).param("c", company.value()).update();
            jdbc.sql("insert into customers (company_id, id, name, created_at, updated_at) values (:c, :customer, 'Zoe Zimmer', now(), now())")
                    .param("c", company.value()).param("customer", customer).update();
            jdbc.sql("""
                    insert into calls (company_id, id, direction, from_number, to_number, phase, started_at, ended_at, duration_seconds,
                      billable_seconds, outcome, customer_id)
                    values (:c, :call, 'INBOUND', '+17735550005', '+13125550100', 'ENDED', now() - interval '1 minutes', now(), 60, 60,
                            'ANSWERED', :customer)
                    """).param("c", company.value()).param("customer", customer).param("call", call).update();
        }));

        assertThat(web.get("/calls").body()).contains(call.toString()).contains("Zoe Zimmer");
    }

    /**
     * A call whose message is in the voicemail's Deleted folder says so in the call log: the API's voicemail_deleted_at
     * (the list and the call, documented; null once restored or for a message in its box) and a "Message deleted" mark on
     * the log's page. An agent is told only of the messages they see (their box's and the general one's), as the call's
     * page and the inbox tell them: not of another member's, on a call they took part in.
     */
    @Test
    void theCallLogSaysWhichCallsMessageIsInTheDeletedFolder() throws Exception {
        var web = newCompanyOwner("Deleted Message Heating");
        var api = api().login(web.email(), "correct-horse");
        var company = dev.switchboard.shared.CompanyId.of(web.companyId());
        var ann = java.util.UUID.fromString(api.post("/api/v1/members", java.util.Map.of("name", "Ann Lee")).json().get("id").asString());
        var bob = java.util.UUID.fromString(api.post("/api/v1/members", java.util.Map.of("name", "Bob Stone")).json().get("id").asString());
        var agentApi = api.newUser("AGENT", ann.toString());
        var calls = new java.util.UUID[4];
        var messages = new java.util.UUID[4];
        java.util.UUID[] boxes = {null, ann, bob, ann}; // general, Ann's, Bob's, Ann's kept in her box
        dev.switchboard.platform.TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> {
            for (int i = 0; i < calls.length; i++) {
                calls[i] = java.util.UUID.randomUUID();
                messages[i] = voicemails.deposit(boxes[i], calls[i], "+1773555011" + i, java.time.Instant.now(), 12, null);
                // Answered by Ann (her phone rang before the message): the agent sees each of these calls.
                jdbc.sql("""
                        insert into calls (company_id, id, direction, from_number, to_number, phase, started_at, ended_at,
                          duration_seconds, billable_seconds, outcome, answered_by, voicemail_id)
                        values (:c, :call, 'INBOUND', :from, '+13125550100', 'ENDED', now() - interval '1 minutes', now(),
                                60, 60, 'VOICEMAIL', :ann, :message)
                        """).param("c", company.value()).param("call", calls[i]).param("from", "+1773555011" + i)
                        .param("ann", ann).param("message", messages[i]).update();
            }
        }));
        for (int i = 0; i < 3; i++) {
            assertThat(api.delete("/api/v1/voicemail/messages/" + messages[i]).status()).isEqualTo(204);
        }
        var deletedAt = new String[3];
        for (int i = 0; i < 3; i++) {
            deletedAt[i] = api.get("/api/v1/voicemail/messages/" + messages[i]).json().get("deleted_at").asString();
        }

        var listed = deletedAtByCall(api.get("/api/v1/call-logs"));
        for (int i = 0; i < 3; i++) {
            assertThat(listed.get(calls[i].toString())).as("call " + i).isEqualTo(deletedAt[i]);
            assertThat(api.get("/api/v1/call-logs/" + calls[i]).json().get("call").get("voicemail_deleted_at").asString())
                    .isEqualTo(deletedAt[i]);
        }
        assertThat(listed.get(calls[3].toString())).as("its message is in its box").isNull();
        assertThat(api.get("/api/v1/call-logs/" + calls[3]).json().get("call").get("voicemail_deleted_at").isNull()).isTrue();

        var agents = deletedAtByCall(agentApi.get("/api/v1/call-logs"));
        assertThat(agents.get(calls[0].toString())).as("the general box's: theirs to see").isEqualTo(deletedAt[0]);
        assertThat(agents.get(calls[1].toString())).as("their own box's").isEqualTo(deletedAt[1]);
        assertThat(agents).as("Bob's message is not theirs to know of").containsKey(calls[2].toString());
        assertThat(agents.get(calls[2].toString())).isNull();
        assertThat(agentApi.get("/api/v1/call-logs/" + calls[2]).json().get("call").get("voicemail_deleted_at").isNull()).isTrue();

        var page = web.get("/calls").body();
        for (int i = 0; i < 3; i++) {
            assertThat(row(page, calls[i])).as("call " + i).contains("Message deleted");
        }
        assertThat(row(page, calls[3])).doesNotContain("Message deleted");
        var agentPage = webLogin(agentApi.email(), "their-password").get("/calls").body();
        assertThat(row(agentPage, calls[0])).contains("Message deleted");
        assertThat(row(agentPage, calls[1])).contains("Message deleted");
        assertThat(row(agentPage, calls[2])).doesNotContain("Message deleted");

        // The exports carry it too, in the company's time as their other local times, with the API's visibility.
        var zone = java.time.ZoneId.of(api.get("/api/v1/company").json().get("timezone").asString());
        var local = new java.time.LocalDateTime[3];
        for (int i = 0; i < 3; i++) {
            local[i] = java.time.Instant.parse(deletedAt[i]).atZone(zone).toLocalDateTime().withNano(0);
        }
        var time = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        var exported = exportedDeletedAt(web.get("/calls/export.csv").body());
        for (int i = 0; i < 3; i++) {
            assertThat(exported.get(calls[i].toString())).as("call " + i).isEqualTo(time.format(local[i]));
        }
        assertThat(exported.get(calls[3].toString())).as("its message is in its box").isEmpty();
        var agentExport = exportedDeletedAt(webLogin(agentApi.email(), "their-password").get("/calls/export.csv").body());
        assertThat(agentExport.get(calls[0].toString())).isEqualTo(time.format(local[0]));
        assertThat(agentExport.get(calls[1].toString())).isEqualTo(time.format(local[1]));
        assertThat(agentExport.get(calls[2].toString())).as("Bob's message is not theirs to know of").isEmpty();
        try (var book = new XSSFWorkbook(new ByteArrayInputStream(web.get("/calls/export.xlsx").bytes()))) {
            var sheet = book.getSheetAt(0);
            var header = new java.util.ArrayList<String>();
            sheet.getRow(0).forEach(c -> header.add(c.getStringCellValue()));
            int idColumn = header.indexOf("call_id");
            int deletedColumn = header.indexOf("voicemail_deleted_at");
            assertThat(deletedColumn).as(header.toString()).isPositive();
            var byCall = new java.util.HashMap<String, org.apache.poi.ss.usermodel.Cell>();
            for (int r = 1; r <= sheet.getLastRowNum(); r++) {
                byCall.put(sheet.getRow(r).getCell(idColumn).getStringCellValue(), sheet.getRow(r).getCell(deletedColumn));
            }
            for (int i = 0; i < 3; i++) {
                var cell = byCall.get(calls[i].toString());
                assertThat(org.apache.poi.ss.usermodel.DateUtil.isCellDateFormatted(cell)).as("a date cell, as started's").isTrue();
                assertThat(cell.getLocalDateTimeCellValue()).isEqualTo(local[i]);
            }
            assertThat(byCall).containsKey(calls[3].toString());
            assertThat(byCall.get(calls[3].toString())).as("blank").isNull();
        }

        assertThat(api.post("/api/v1/voicemail/messages/" + messages[0] + "/restore", java.util.Map.of()).status()).isEqualTo(200);
        assertThat(deletedAtByCall(api.get("/api/v1/call-logs")).get(calls[0].toString())).as("restored").isNull();
        assertThat(row(web.get("/calls").body(), calls[0])).doesNotContain("Message deleted");

        var entry = api().get("/v3/api-docs").json().path("components").path("schemas").path("CallLogsEntry");
        assertThat(entry.path("properties").has("voicemail_id")).as("the list's and the call's schema").isTrue();
        assertThat(entry.path("properties").path("voicemail_deleted_at").toString()).as("documented").contains("date-time");
    }

    /** Each listed call's voicemail_deleted_at (null when it has none), by the call's id. */
    private static java.util.Map<String, String> deletedAtByCall(dev.switchboard.support.ApiClient.Response listed) {
        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        var byCall = new java.util.HashMap<String, String>();
        listed.json().forEach(c -> byCall.put(c.get("id").asString(),
                c.get("voicemail_deleted_at").isNull() ? null : c.get("voicemail_deleted_at").asString()));
        return byCall;
    }

    /** Each exported call's voicemail_deleted_at (empty when it has none), by the call's id. */
    private static java.util.Map<String, String> exportedDeletedAt(String csv) throws java.io.IOException {
        var byCall = new java.util.HashMap<String, String>();
        CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(csv))
                .forEach(r -> byCall.put(r.get("call_id"), r.get("voicemail_deleted_at")));
        return byCall;
    }

    /** The call log page's row of a call. */
    private static String row(String page, java.util.UUID call) {
        var at = page.indexOf("/calls/" + call);
        assertThat(at).as("call " + call + " is listed").isPositive();
        return page.substring(page.lastIndexOf("<tr", at), page.indexOf("</tr>", at));
    }
}
