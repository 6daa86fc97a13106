package dev.switchboard.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.simulator.SimClock;
import dev.switchboard.support.VirtualTimeCallTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * A new company's after-hours caller heard "Nobody is available to take your call" from the general voicemail, as if the
 * team were ignoring them, until the owner wrote a greeting of their own (the demo company was given one): the standard
 * greeting says the business is closed and when it opens again, by the schedule (found by the setup walk).
 */
@Import(AfterHoursGreetingTest.VirtualTime.class)
class AfterHoursGreetingTest extends VirtualTimeCallTest {

    @TestConfiguration
    static class VirtualTime {
        @Bean
        @Primary
        SimClock virtualClock() {
            return new SimClock(Instant.parse("2026-11-25T18:00:00Z")); // Wednesday noon in Chicago
        }
    }

    @Test
    void afterHoursTheStandardGeneralGreetingSaysTheBusinessIsClosedAndWhenItOpens() {
        newCompanyWithAnnAndBob("Flow Co", 20);
        var hours = owner.put("/api/v1/business-hours", Map.of("ranges", List.of(Map.of("day", "WEDNESDAY", "start", "09:00", "end", "11:00"),
                Map.of("day", "THURSDAY", "start", "08:30", "end", "17:00"))));
        assertThat(hours.status()).as(hours.body()).isEqualTo(200);
        var caller = sim.call("+17735550123", number); // Wednesday noon: closed since 11:00
        sim.advance(Duration.ofSeconds(12));
        assertThat(caller.heard()).containsExactly("Thank you for calling Flow Co. We are closed now, and open again tomorrow at "
                + "8:30 AM. Please leave a message after the tone.", "(beep)");
        caller.hangUp();

        var later = owner.put("/api/v1/business-hours", Map.of("ranges", List.of(Map.of("day", "WEDNESDAY", "start", "13:00", "end", "17:00"))));
        assertThat(later.status()).as(later.body()).isEqualTo(200);
        var beforeOpening = sim.call("+17735550124", number);
        sim.advance(Duration.ofSeconds(2));
        assertThat(beforeOpening.heard()).first().isEqualTo("Thank you for calling Flow Co. We are closed now, and open again "
                + "today at 1 PM. Please leave a message after the tone.");
        beforeOpening.hangUp();

        // Open (no hours set count as always open), nobody answers: the standard words, as before.
        var open = owner.put("/api/v1/business-hours", Map.of("ranges", List.of(Map.of("day", "WEDNESDAY", "start", "00:00", "end", "24:00"))));
        assertThat(open.status()).as(open.body()).isEqualTo(200);
        owner.post("/api/v1/routing-rules", Map.of("name", "Everyone", "type", "SIMULTANEOUS", "member_ids", List.of(ann), "ring_timeout_seconds", 15));
        sim.phone(annSip, new dev.switchboard.simulator.PhoneScript.NeverAnswer());
        var unanswered = sim.call("+17735550125", number);
        sim.advance(Duration.ofSeconds(25));
        assertThat(unanswered.heard()).contains("Nobody is available to take your call. Please leave a message after the tone.");
    }
}
