package dev.switchboard.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.routing.PhoneSettings;
import dev.switchboard.simulator.PhoneScript;
import dev.switchboard.simulator.SimClock;
import dev.switchboard.support.VirtualTimeCallTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * A recorded call tells its caller so before anyone is rung (phone settings {@code announce_recording},
 * {@code recording_announcement}), end to end through the simulator in virtual time.
 */
@Import(RecordingAnnouncementFlowTest.Noon.class)
class RecordingAnnouncementFlowTest extends VirtualTimeCallTest {

    @TestConfiguration
    static class Noon {
        @Bean
        @Primary
        SimClock announcementClock() {
            return new SimClock(Instant.parse("2026-11-25T18:00:00Z")); // Wednesday noon in Chicago
        }
    }

    static final String CALLER = "+17735550123";

    @BeforeEach
    void company() {
        newCompanyWithAnnAndBob("Recorded Co", 20);
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
    }

    void rule(boolean recorded) {
        var r = owner.post("/api/v1/routing-rules", Map.of("name", "Ann", "type", "SIMULTANEOUS", "member_ids", List.of(ann),
                "recording_enabled", recorded));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    @Test
    void aRecordedCallsCallerHearsTheAnnouncementBeforeAnyoneIsRungAndTheCallIsRecorded() {
        rule(true);
        var caller = sim.call(CALLER, number);
        assertThat(caller.heard()).containsExactly(PhoneSettings.DEFAULT_RECORDING_ANNOUNCEMENT);
        assertThat(legsTo(annSip)).as("nobody rung while the caller is told").isEmpty();
        assertThat(call().get("phase")).isEqualTo("RECORDING_NOTICE");
        sim.advance(Duration.ofSeconds(5));
        assertThat(legsTo(annSip)).hasSize(1);
        sim.advance(Duration.ofSeconds(3));
        assertThat(caller.leg().bridgedWith()).isEqualTo(legsTo(annSip).getFirst().callControlId());
        sim.advance(Duration.ofSeconds(30));
        caller.hangUp();
        assertThat(call().get("outcome")).isEqualTo("ANSWERED");
        assertThat(call().get("recording_url")).isNotNull();
        assertThat(trace()).contains("the call is recorded: the caller is told so first");
    }

    @Test
    void anUnrecordedCallSaysNothingAndRingsAtOnce() {
        rule(false);
        var caller = sim.call(CALLER, number);
        assertThat(legsTo(annSip)).hasSize(1);
        assertThat(caller.heard()).doesNotContain(PhoneSettings.DEFAULT_RECORDING_ANNOUNCEMENT);
        caller.hangUp();
        assertThat(trace()).doesNotContain("the caller is told so");
    }

    @Test
    void aCompanyThatTurnedTheAnnouncementOffRecordsWithoutSayingSo() {
        var off = owner.put("/api/v1/phone-settings", Map.of("announce_recording", false));
        assertThat(off.status()).as(off.body()).isEqualTo(200);
        rule(true);
        var caller = sim.call(CALLER, number);
        assertThat(legsTo(annSip)).hasSize(1);
        assertThat(caller.heard()).doesNotContain(PhoneSettings.DEFAULT_RECORDING_ANNOUNCEMENT);
        sim.advance(Duration.ofSeconds(30));
        caller.hangUp();
        assertThat(call().get("recording_url")).isNotNull();
    }

    @Test
    void theCompanysOwnWordsAreSaidAndACallerWhoLeavesDuringThemIsAbandonedWithNobodyRung() {
        var set = owner.put("/api/v1/phone-settings", Map.of("recording_announcement", "  Calls to Recorded Co are recorded.  "));
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.json().get("recording_announcement").asString()).isEqualTo("Calls to Recorded Co are recorded.");
        rule(true);
        var caller = sim.call(CALLER, number);
        assertThat(caller.heard()).containsExactly("Calls to Recorded Co are recorded.");
        caller.hangUp();
        sim.advance(Duration.ofSeconds(10));
        assertThat(legsTo(annSip)).isEmpty();
        assertThat(call().get("outcome")).isEqualTo("ABANDONED");
        assertThat(activeCalls(ann)).isZero();
    }

    @Test
    void aHolidayGreetingOfARecordedRuleComesAfterTheAnnouncement() {
        rule(true);
        var ruleId = owner.get("/api/v1/routing-rules").json().get(0).get("id").asString();
        var holiday = owner.post("/api/v1/holidays", Map.of("name", "Open day", "date", "2026-11-25",
                "greeting_text", "Thanks for calling on our open day.", "routing_rule_id", ruleId));
        assertThat(holiday.status()).as(holiday.body()).isEqualTo(201);
        var caller = sim.call(CALLER, number);
        sim.advance(Duration.ofSeconds(12));
        assertThat(caller.heard()).startsWith(PhoneSettings.DEFAULT_RECORDING_ANNOUNCEMENT, "Thanks for calling on our open day.");
        assertThat(legsTo(annSip)).hasSize(1);
        caller.hangUp();
    }

    @Test
    void aBadAnnouncementIsRefusedNamingItAndChangesNothing() {
        for (var bad : List.of("   ", "x".repeat(301), "Recorded\u0000")) {
            var refused = owner.put("/api/v1/phone-settings", Map.of("recording_announcement", bad, "announce_recording", false));
            // (the NUL character is refused by the JSON reader, as every control character: 400 naming the field)
            assertThat(refused.status()).as(bad).isEqualTo(bad.contains("\u0000") ? 400 : 422);
            assertThat(refused.errorField()).isEqualTo("recording_announcement");
        }
        var now = owner.get("/api/v1/phone-settings").json();
        assertThat(now.get("recording_announcement").asString()).isEqualTo(PhoneSettings.DEFAULT_RECORDING_ANNOUNCEMENT);
        assertThat(now.get("announce_recording").asBoolean()).as("on by default, and the refused change left it on").isTrue();
        var notBoolean = owner.put("/api/v1/phone-settings", Map.of("announce_recording", "maybe"));
        assertThat(notBoolean.status()).isEqualTo(400);
        assertThat(notBoolean.body()).contains("announce_recording");
    }
}
