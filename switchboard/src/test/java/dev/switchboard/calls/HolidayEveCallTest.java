package dev.switchboard.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.simulator.Leg;
import dev.switchboard.simulator.PhoneScript;
import dev.switchboard.simulator.SimClock;
import dev.switchboard.support.VirtualTimeCallTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * A holiday late in its evening, through the simulator: at 23:30 on 24 December in America/Chicago
 * (05:30 on the 25th in UTC) a yearly Christmas Eve holiday is still on, so the caller hears its greeting
 * and reaches voicemail; an hour later, on the 25th in Chicago (no holiday that day), the same number
 * rings its member as usual.
 */
@Import(HolidayEveCallTest.ChristmasEveLate.class)
class HolidayEveCallTest extends VirtualTimeCallTest {

    @TestConfiguration
    static class ChristmasEveLate {
        @Bean
        @Primary
        SimClock christmasEveClock() {
            return new SimClock(Instant.parse("2026-12-25T05:30:00Z")); // Thursday 24 December, 23:30 in Chicago
        }
    }

    @Test
    void aHolidayAt2330OnDecember24InChicagoPlaysItsGreetingThenVoicemailAndTheNextDayRingsAsUsual() {
        newCompany("Eve Co");
        var annSip = "sip:ann-" + UUID.randomUUID().toString().substring(0, 8) + "@eve.sip.telnyx.com";
        var created = owner.post("/api/v1/members", Map.of("name", "Ann", "phone_extension", "101", "sip_address", annSip, "ring_timeout_seconds", 20));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var ann = created.json().get("id").asString();
        // Open around the clock, so only the holiday can send the call elsewhere.
        var hours = owner.put("/api/v1/business-hours", Map.of("ranges", List.of(
                Map.of("day", "MONDAY", "start", "00:00", "end", "24:00"), Map.of("day", "TUESDAY", "start", "00:00", "end", "24:00"),
                Map.of("day", "WEDNESDAY", "start", "00:00", "end", "24:00"), Map.of("day", "THURSDAY", "start", "00:00", "end", "24:00"),
                Map.of("day", "FRIDAY", "start", "00:00", "end", "24:00"), Map.of("day", "SATURDAY", "start", "00:00", "end", "24:00"),
                Map.of("day", "SUNDAY", "start", "00:00", "end", "24:00"))));
        assertThat(hours.status()).as(hours.body()).isIn(200, 204);
        var rule = owner.post("/api/v1/routing-rules", Map.of("name", "Ann", "type", "SIMULTANEOUS", "member_ids", List.of(ann)));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        var holiday = owner.post("/api/v1/holidays", Map.of("name", "Christmas Eve", "date", "2025-12-24", "recurrence", "YEARLY",
                "greeting_text", "We are closed for Christmas Eve. Please leave a message."));
        assertThat(holiday.status()).as(holiday.body()).isEqualTo(201);
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));

        var onTheEve = sim.call("+17735550123", number);
        assertThat(onTheEve.heard()).containsExactly("We are closed for Christmas Eve. Please leave a message.");
        assertThat(sim.legs().stream().filter(l -> annSip.equals(l.to()))).as("Ann's phone does not ring on the holiday").isEmpty();
        sim.advance(Duration.ofSeconds(6)); // the greeting ends: the voicemail greeting and the beep
        assertThat(onTheEve.heard()).hasSizeGreaterThan(1);
        sim.advance(Duration.ofSeconds(10)); // a ten-second message
        onTheEve.hangUp();
        sim.advance(Duration.ofSeconds(2));
        var eve = call();
        assertThat(eve.get("outcome")).isEqualTo("VOICEMAIL");
        var trace = owner.get("/api/v1/call-logs/" + eve.get("id")).json().get("trace").toString();
        assertThat(trace).contains("Christmas Eve");

        sim.advance(Duration.ofHours(1)); // 00:30 on 25 December in Chicago: no holiday
        var nextDay = sim.call("+17735550124", number);
        sim.advance(Duration.ofSeconds(2));
        var annLegs = sim.legs().stream().filter(l -> annSip.equals(l.to())).toList();
        assertThat(annLegs).hasSize(1);
        assertThat(nextDay.leg().bridgedWith()).isEqualTo(annLegs.getFirst().callControlId());
        assertThat(annLegs.getFirst().state()).isEqualTo(Leg.State.ANSWERED);
        nextDay.hangUp();
        assertThat(call().get("outcome")).isEqualTo("ANSWERED");
    }

}
