package dev.switchboard.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.simulator.PhoneScript;
import dev.switchboard.simulator.SimClock;
import dev.switchboard.support.VirtualTimeCallTest;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * A night-shift business (open 22:00-02:00 every night, America/Chicago) with an all-day holiday on Saturday
 * 2026-03-07, the night clocks spring forward. Every place that answers "open now?" and "next change" agrees, in virtual
 * time: the call itself, the routing simulation, the API's open, status and preview endpoints and the Hours tab. Friday's
 * shift runs to its end after midnight on the holiday; the holiday's own shift is closed to its end (Sunday 03:00 CDT).
 */
@Import(NightShiftHolidayFlowTest.SaturdayOneAm.class)
class NightShiftHolidayFlowTest extends VirtualTimeCallTest {

    static final String CALLER = "+17735550123";

    @TestConfiguration
    static class SaturdayOneAm {
        @Bean
        @Primary
        SimClock nightShiftClock() {
            return new SimClock(Instant.parse("2026-03-07T07:00:00Z")); // Saturday 01:00 CST, the holiday, in Friday's shift
        }
    }

    @Test
    void fridaysShiftRunsIntoTheHolidayAndTheHolidaysShiftStaysClosedPastMidnightEverywhere() {
        newCompanyWithAnnAndBob("Night Shift Plumbing", 20);
        var nights = Stream.of(DayOfWeek.values()).map(d -> Map.of("day", d.name(), "start", "22:00", "end", "02:00")).toList();
        assertThat(owner.put("/api/v1/business-hours", Map.of("ranges", nights)).status()).isEqualTo(200);
        var rule = owner.post("/api/v1/routing-rules", Map.of("name", "Night crew", "type", "SIMULTANEOUS", "member_ids", List.of(ann, bob)));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        var holiday = owner.post("/api/v1/holidays", Map.of("name", "Staff party", "date", "2026-03-07",
                "greeting_text", "We are closed tonight for our staff party."));
        assertThat(holiday.status()).as(holiday.body()).isEqualTo(201);
        var web = webLogin(owner.email(), "correct-horse");

        // Saturday 01:00 CST: Friday's shift, open until 02:00.
        assertThat(owner.get("/api/v1/business-hours/open").json().get("open").asBoolean()).isTrue();
        var status = owner.get("/api/v1/business-hours").json();
        assertThat(status.get("open_now").asBoolean()).as(status.toString()).isTrue();
        assertThat(status.get("next_change").get("at").asString()).isEqualTo("2026-03-07T08:00:00Z");
        var preview = owner.get("/api/v1/business-hours/preview?count=3").json().get("transitions");
        assertThat(preview.findValuesAsString("at")).as("no change at the holiday's midnights")
                .containsExactly("2026-03-07T08:00:00Z", "2026-03-09T03:00:00Z", "2026-03-09T07:00:00Z");
        assertThat(web.get("/settings/communications/phone/hours").body()).containsPattern("<span[^>]*>Open</span>\\s*<span[^>]*>business hours</span>")
                .containsPattern("<strong>Closes</strong>\\s*<span>Sat 7 Mar 2026, 2:00 AM</span>")
                .containsPattern("<strong>Opens</strong>\\s*<span>Sun 8 Mar 2026, 10:00 PM</span>");
        var simulated = owner.post("/api/v1/routing/simulate", Map.of("from", CALLER, "to", number));
        assertThat(simulated.json().get("action").get("type").asString()).as(simulated.body()).isEqualTo("ring_members");

        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone(bobSip, new PhoneScript.NeverAnswer());
        var friday = sim.call(CALLER, number);
        assertThat(friday.heard()).noneMatch(h -> h.contains("staff party"));
        sim.advance(Duration.ofSeconds(2));
        assertThat(friday.leg().bridgedWith()).isEqualTo(legsTo(annSip).getFirst().callControlId());
        friday.hangUp();
        assertThat(call().get("outcome")).isEqualTo("ANSWERED");

        // Sunday 01:30 CST: the holiday's shift, closed by the holiday until it ends at 03:00 CDT.
        sim.advance(Duration.between(Instant.parse("2026-03-07T07:00:00Z"), Instant.parse("2026-03-08T07:30:00Z")).minusSeconds(2));
        var open = owner.get("/api/v1/business-hours/open").json();
        assertThat(open.get("open").asBoolean()).isFalse();
        assertThat(open.get("reason").asString()).isEqualTo("holiday: Staff party");
        assertThat(owner.get("/api/v1/business-hours").json().get("next_change").get("at").asString()).isEqualTo("2026-03-09T03:00:00Z");
        assertThat(web.get("/settings/communications/phone/hours").body())
                .containsPattern("<span[^>]*>Closed</span>\\s*<span[^>]*>holiday: Staff party</span>")
                .containsPattern("<strong>Opens</strong>\\s*<span>Sun 8 Mar 2026, 10:00 PM</span>");
        var simulatedLate = owner.post("/api/v1/routing/simulate", Map.of("from", CALLER, "to", number));
        assertThat(simulatedLate.json().get("action").get("type").asString()).as(simulatedLate.body()).isEqualTo("voicemail");
        assertThat(simulatedLate.json().get("trace").toString()).contains("Staff party");

        int annLegs = legsTo(annSip).size();
        var late = sim.call(CALLER, number);
        assertThat(late.heard()).containsExactly("We are closed tonight for our staff party.");
        assertThat(legsTo(annSip)).as("nobody rings on the holiday's shift").hasSize(annLegs);
        sim.advance(Duration.ofSeconds(6));
        late.hangUp();
        sim.advance(Duration.ofSeconds(2));
        var row = call();
        assertThat(row.get("outcome")).isIn("VOICEMAIL", "MISSED", "ABANDONED");
        assertThat(owner.get("/api/v1/call-logs/" + row.get("id")).json().get("trace").toString())
                .contains("holiday (2026-03-07; the shift that started on it stays closed to its end): Staff party");
    }
}
