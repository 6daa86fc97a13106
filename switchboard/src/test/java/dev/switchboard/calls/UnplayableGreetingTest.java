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
        /** How many looped audio files (a queue's hold music) the carrier refuses to play next. */
        final AtomicInteger refuseMusic = new AtomicInteger();
        /** The looped audio files asked for, refused or not. */
        final java.util.List<String> music = new java.util.concurrent.CopyOnWriteArrayList<>();

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
                if (command instanceof CallCommand.Play p && p.loop()) {
                    music.add(p.audioUrl());
                    if (refuseMusic.getAndUpdate(n -> n > 0 ? n - 1 : n) > 0) {
                        return new CallControl.Result.Refused("90045", "Unable to play the audio file");
                    }
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
        carrier.refuseMusic.set(0);
        carrier.music.clear();
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
        assertThat(trace()).contains("menu 'Main': the menu's recording could not be played; its text is said instead");
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

    static final String DEFAULT_MUSIC = "http://localhost:8080/audio/hold-music.wav";

    /** A caller waiting in a queue of Ann's (no phone: nobody to ring) with hold music of its own and no announcements. */
    dev.switchboard.simulator.Caller waitingWithTheQueuesOwnMusic() throws java.io.IOException {
        var uploaded = owner.upload("/api/v1/media?purpose=greeting", "file", "music.wav", "audio/wav", dev.switchboard.support.TestAudio.wav());
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
        var queue = owner.post("/api/v1/queues", Map.of("name", "Support", "member_ids", java.util.List.of(ann), "join_when_empty", true,
                "announce_position", false, "announce_interval_seconds", 0, "hold_media_id", uploaded.json().get("file").get("id").asString()));
        assertThat(queue.status()).as(queue.body()).isEqualTo(201);
        var rule = owner.post("/api/v1/routing-rules", Map.of("name", "Queue", "type", "BUSINESS_HOURS", "open_target",
                Map.of("kind", "QUEUE", "queue_id", queue.json().get("id").asString()), "closed_target", Map.of("kind", "VOICEMAIL")));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        var caller = sim.call(randomNumber("773"), number);
        sim.advance(Duration.ofSeconds(2));
        assertThat(call().get("phase")).isEqualTo("QUEUED");
        return caller;
    }

    /** Was: the caller waited in silence, the whole wait long. */
    @Test
    void aQueuesOwnHoldMusicTheCarrierRefusesGivesWayToTheDefaultMusic() throws java.io.IOException {
        carrier.refuseMusic.set(1);
        var caller = waitingWithTheQueuesOwnMusic();
        assertThat(carrier.music).hasSize(2);
        assertThat(carrier.music.getFirst()).as("the queue's own, refused").isNotEqualTo(DEFAULT_MUSIC);
        assertThat(caller.heard()).containsExactly(DEFAULT_MUSIC);
        assertThat(trace()).contains("queue: the queue's hold music could not be played; the default music instead");
        caller.hangUp();
        sim.advance(Duration.ofSeconds(2));
        assertThat(call().get("outcome")).isEqualTo("ABANDONED");
    }

    @Test
    void holdMusicThatCannotBePlayedAtAllIsNotAskedForAgainAndAgain() throws java.io.IOException {
        carrier.refuseMusic.set(5);
        var caller = waitingWithTheQueuesOwnMusic();
        sim.advance(Duration.ofSeconds(30));
        assertThat(carrier.music).as("its own, then the default music: once each").hasSize(2);
        assertThat(caller.heard()).isEmpty();
        assertThat(trace()).contains("queue: the hold music could not be played");
        caller.hangUp();
        sim.advance(Duration.ofSeconds(2));
        assertThat(call().get("outcome")).isEqualTo("ABANDONED");
    }
}
