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
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * A company's numbers removed (the General tab or the API) while calls to them are in progress: the calls carry on,
 * found by their legs rather than by the number dialled, and end in the call log as any other; only new calls to the
 * number no longer reach the company.
 */
@Import(BusinessNumbersRemovedMidCallTest.Noon.class)
class BusinessNumbersRemovedMidCallTest extends VirtualTimeCallTest {

    @TestConfiguration
    static class Noon {
        @Bean
        @Primary
        SimClock numbersRemovedClock() {
            return new SimClock(Instant.parse("2026-11-25T18:00:00Z")); // Wednesday noon in Chicago
        }
    }

    private void removeEveryNumber() {
        var removed = owner.put("/api/v1/company", Map.of("name", "Numbers Gone Co", "timezone", "America/Chicago",
                "business_numbers", List.of()));
        assertThat(removed.status()).as(removed.body()).isEqualTo(200);
        assertThat(owner.get("/api/v1/company").json().get("business_numbers")).isEmpty();
    }

    @Test
    void aCallRingingWhenTheNumbersAreRemovedIsStillAnsweredConnectedAndLogged() {
        newCompanyWithAnnAndBob("Numbers Gone Co", 20);
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(4)));
        sim.phone(bobSip, new PhoneScript.NeverAnswer());
        var caller = sim.call("+17735550123", number);
        sim.advance(Duration.ofSeconds(1));
        assertThat(legsTo(annSip)).hasSize(1);

        removeEveryNumber();

        sim.advance(Duration.ofSeconds(4));
        assertThat(caller.leg().bridgedWith()).as("answered after the removal").isEqualTo(legsTo(annSip).getFirst().callControlId());
        sim.advance(Duration.ofSeconds(60));
        assertThat(caller.leg().state()).as("still connected a minute on").isNotEqualTo(Leg.State.ENDED);
        caller.hangUp();
        sim.advance(Duration.ofSeconds(1));
        assertThat(call().get("outcome")).isEqualTo("ANSWERED");
        assertThat(call().get("answered_by").toString()).isEqualTo(ann);
        assertThat(((Number) call().get("duration_seconds")).intValue()).isGreaterThanOrEqualTo(60);
    }
}
