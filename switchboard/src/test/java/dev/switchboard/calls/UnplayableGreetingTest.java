package dev.switchboard.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.simulator.SimClock;
import dev.switchboard.simulator.TelnyxSimulator;
import dev.switchboard.support.VirtualTimeCallTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * A box's uploaded greeting the carrier cannot play (its playback refused, or ended failed: file not found) does not
 * leave the caller in silence before the beep, not knowing whose voicemail it is: the spoken default greeting is said
 * instead, and the call's trace says why. Likewise a recorded IVR menu with text of its own is said from its text.
 */
@Import(UnplayableGreetingTest.Carrier.class)
class UnplayableGreetingTest extends VirtualTimeCallTest {

    @TestConfiguration
    static class Carrier {
        /** How many audio files (playbacks, a menu's recording) the carrier refuses to play next, as it does a link it will not take. */
        final AtomicInteger refusePlays = new AtomicInteger();

        @Bean
        @Primary
        SimClock virtualClock() {
            return new SimClock(Instant.parse("2026-11-25T18:00:00Z"));
        }

        @Bean
        @Primary
        CallControl refusingPlays(TelnyxSimulator simulator) {
            return new InterceptedCallControl(simulator, (control, legId, command, commandId, clientState) -> {
                if ((command instanceof CallCommand.Play p && !p.loop() || command instanceof CallCommand.GatherWithAudio)
                        && refusePlays.getAndUpdate(n -> n > 0 ? n - 1 : n) > 0) {
                    return new CallControl.Result.Refused("90045", "Unable to play the audio file");
                }
                return control.send(legId, command, commandId, clientState);
            });
        }
    }

    @Autowired
    Carrier carrier;

    String did;
    String ann;

    @BeforeEach
    void annWithAnUploadedGreeting() throws java.io.IOException {
        newCompany("Unplayable Co");
        carrier.refusePlays.set(0);
        sim.failNextPlaybacks(0, null);
        did = randomNumber("312");
        ann = member(Map.of("name", "Ann", "phone_extension", "101", "direct_inward_dial", did));
        var uploaded = owner.upload("/api/v1/media?purpose=greeting", "file", "ann.wav", "audio/wav", dev.switchboard.support.TestAudio.wav());
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
        var box = owner.put("/api/v1/members/" + ann + "/voicemail", Map.of("greeting_type", "AUDIO",
                "greeting_media_id", uploaded.json().get("file").get("id").asString()));
        assertThat(box.status()).as(box.body()).isEqualTo(200);
    }

    void spokenGreetingThenTheMessageKept(dev.switchboard.simulator.Caller caller) {
        until(caller, "(beep)"::equals);
        assertThat(caller.heard()).as("the caller hears whose voicemail it is before the beep")
                .containsExactly("Ann is not available. Please leave a message after the tone.", "(beep)");
        assertThat(trace()).contains("voicemail: the box's greeting could not be played; the spoken greeting instead");
        caller.leaveMessage(Duration.ofSeconds(10), "Please call me back.");
        sim.advance(Duration.ofMinutes(1));
        assertThat(call().get("outcome")).isEqualTo("VOICEMAIL");
    }

    @Test
    void aGreetingTheCarrierRefusesToPlayIsReplacedByTheSpokenOne() {
        carrier.refusePlays.set(1);
        spokenGreetingThenTheMessageKept(sim.call(randomNumber("773"), did));
    }

    @Test
    void aGreetingWhosePlaybackEndsFileNotFoundIsReplacedByTheSpokenOne() {
        sim.failNextPlaybacks(1, "file_not_found");
        spokenGreetingThenTheMessageKept(sim.call(randomNumber("773"), did));
    }

    @Test
    void aRecordedMenuTheCarrierRefusesToPlayIsSaidFromItsTextAndTheCallersChoiceTaken() throws java.io.IOException {
        var bobSip = "sip:bob-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "@unplayable.sip.telnyx.com";
        var bob = member("Bob", "102", bobSip);
        sim.phone(bobSip, dev.switchboard.simulator.PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var uploaded = owner.upload("/api/v1/media?purpose=greeting", "file", "menu.wav", "audio/wav", dev.switchboard.support.TestAudio.wav());
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
        var menu = owner.post("/api/v1/ivr-menus", Map.of("name", "Main", "greeting_media_id", uploaded.json().get("file").get("id").asString(),
                "greeting_text", "Press 2 for Bob.", "options", Map.of("2", Map.of("kind", "MEMBER", "member_id", bob)),
                "timeout_seconds", 5, "max_retries", 1));
        assertThat(menu.status()).as(menu.body()).isEqualTo(201);
        var rule = owner.post("/api/v1/routing-rules", Map.of("name", "Menu", "type", "IVR", "ivr_menu_id",
                menu.json().get("menu").get("id").asString()));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        carrier.refusePlays.set(1);
        var caller = sim.call(randomNumber("773"), number);
        assertThat(call().get("phase")).isEqualTo("MENU");
        assertThat(caller.heard()).as("the menu is said from its text, not skipped as a try with no choice").containsExactly("Press 2 for Bob.");
        assertThat(trace()).contains("menu: the menu's recording could not be played; its text is said instead");
        caller.press("2");
        sim.advance(Duration.ofSeconds(3));
        assertThat(caller.leg().bridgedWith()).isEqualTo(legsTo(bobSip).getFirst().callControlId());
        caller.hangUp();
    }

    @Test
    void aHolidayAnnouncementWhoseRecordingIsNotFoundIsSaidFromItsText() throws java.io.IOException {
        var uploaded = owner.upload("/api/v1/media?purpose=greeting", "file", "closed.wav", "audio/wav", dev.switchboard.support.TestAudio.wav());
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
        var holiday = owner.post("/api/v1/holidays", Map.of("name", "Closed today", "date", "2026-11-25",
                "greeting_media_id", uploaded.json().get("file").get("id").asString(), "greeting_text", "We are closed today."));
        assertThat(holiday.status()).as(holiday.body()).isEqualTo(201);
        sim.failNextPlaybacks(1, "file_not_found");
        var caller = sim.call(randomNumber("773"), number);
        until(caller, "(beep)"::equals);
        assertThat(caller.heard().getFirst()).as("the caller is told why nobody answers").isEqualTo("We are closed today.");
        assertThat(trace()).contains("the greeting's recording could not be played; its text is said instead");
    }

    @Test
    void aGreetingThatPlaysIsNotFollowedByTheSpokenOne() {
        var caller = sim.call(randomNumber("773"), did);
        until(caller, "(beep)"::equals);
        assertThat(caller.heard()).hasSize(2);
        assertThat(caller.heard().getFirst()).contains("/media/");
    }
}
