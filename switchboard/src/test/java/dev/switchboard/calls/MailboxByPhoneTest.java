package dev.switchboard.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.platform.TenantContext;
import dev.switchboard.simulator.Caller;
import dev.switchboard.simulator.Leg;
import dev.switchboard.simulator.SimClock;
import dev.switchboard.support.VirtualTimeCallTest;
import dev.switchboard.voicemail.MailboxAccess;
import dev.switchboard.voicemail.Voicemails;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/** A member reads their voicemail by phone: extension, PIN (with lockout), new then saved messages, a new greeting. */
@Import(MailboxByPhoneTest.VirtualTime.class)
class MailboxByPhoneTest extends VirtualTimeCallTest {

    @TestConfiguration
    static class VirtualTime {
        @Bean
        @Primary
        SimClock virtualClock() {
            return new SimClock(Instant.parse("2026-11-25T18:00:00Z"));
        }
    }

    @Autowired
    Voicemails voicemails;

    @Autowired
    MailboxAccess access;

    String annPhone;
    UUID ann;

    @BeforeEach
    void company() {
        newCompany("Mailbox Co");
        annPhone = randomNumber("773");
        var r = owner.post("/api/v1/members", Map.of("name", "Ann", "phone_extension", "101", "sip_address", "sip:ann-" + UUID.randomUUID()
                + "@mb.sip.telnyx.com", "voicemail_pin", "4731", "call_forwarding_number", annPhone));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        ann = UUID.fromString(r.json().get("id").asString());
        var menu = owner.post("/api/v1/ivr-menus", Map.of("name", "Main", "greeting_text", "Press 9 for voicemail.",
                "options", Map.of("9", Map.of("kind", "MAILBOX")), "timeout_seconds", 5, "max_retries", 2));
        assertThat(menu.status()).as(menu.body()).isEqualTo(201);
        var rule = owner.post("/api/v1/routing-rules", Map.of("name", "Menu", "type", "IVR", "ivr_menu_id",
                menu.json().get("menu").get("id").asString()));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
    }

    UUID message(String from, Instant at, boolean withAudio) {
        return TenantContext.callAs(company, () -> tx.execute(s -> {
            var id = voicemails.deposit(ann, null, from, at, 12, "http://simulator.local/recordings/old.mp3");
            if (withAudio) {
                try (var in = getClass().getResourceAsStream("/static/audio/hold-music.wav")) {
                    assertThat(voicemails.storeAudio(id, in.readAllBytes())).isTrue();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            return id;
        }));
    }

    /** Lets virtual time pass, a second at a time, until the caller has heard what is expected. */

    @Autowired
    CallLogs logs;

    @Test
    void aCallToTheMailboxIsNoCallAnsweredInTheAnalytics() {
        var caller = sim.call("+17735550000", number);
        caller.press("9");
        until(caller, h -> h.startsWith("Voicemail. Please enter your extension"));
        sim.advance(Duration.ofSeconds(30));
        caller.hangUp();
        sim.advance(Duration.ofSeconds(1));
        var summary = TenantContext.callAs(company, () -> tx.execute(s -> logs.summary(Instant.parse("2026-11-25T06:00:00Z"),
                Instant.parse("2026-11-26T06:00:00Z"))));
        assertThat(summary.calls()).isEqualTo(1);
        assertThat(summary.answered()).as("nobody answered: the caller reached the voicemail login").isZero();
        assertThat(summary.averageSeconds()).isZero();
    }

    /** A call to the company that asks for the mailbox (9) and gives Ann's extension: the PIN is asked for. */
    Caller atAnnsPinPrompt() {
        var caller = sim.call("+17735550000", number);
        caller.press("9");
        until(caller, h -> h.startsWith("Voicemail. Please enter your extension"));
        caller.press("101#");
        until(caller, h -> h.equals("Please enter your PIN, then press pound."));
        return caller;
    }

    /**
     * A box with no PIN says so as soon as its extension is given: the caller was asked for a PIN first, and whatever they
     * typed was answered "no PIN yet" (found by a walk of the demo). The call is logged as a voicemail login still.
     */
    @Test
    void aBoxWithoutAPinSaysSoBeforeAskingForOne() {
        var bob = owner.post("/api/v1/members", Map.of("name", "Bob", "phone_extension", "102", "sip_address", "sip:bob-" + UUID.randomUUID()
                + "@mb.sip.telnyx.com"));
        assertThat(bob.status()).as(bob.body()).isEqualTo(201);
        var caller = sim.call("+17735550000", number);
        caller.press("9");
        until(caller, h -> h.startsWith("Voicemail. Please enter your extension"));
        caller.press("102#");
        until(caller, h -> h.equals("This mailbox has no PIN yet. You can set one in the Switchboard app. Goodbye."));
        assertThat(caller.heard()).noneMatch(h -> h.contains("Please enter your PIN"));
        sim.advance(Duration.ofSeconds(10));
        assertThat(caller.state()).isEqualTo(Leg.State.ENDED);
        assertThat(trace()).contains("mailbox: extension 102 (Bob)", "mailbox: no PIN set");
    }

    @Test
    void aMemberListensDeletesSavesAndRecordsANewGreetingAndCannotDialOut() {
        var first = message("+17735550123", Instant.parse("2026-11-25T17:00:00Z"), true);
        var second = message("+17735550456", Instant.parse("2026-11-25T17:30:00Z"), false);
        var caller = atAnnsPinPrompt();
        caller.press("1111#");
        until(caller, h -> h.startsWith("That PIN is not right. Please enter your PIN"));
        caller.press("4731#");
        until(caller, h -> h.startsWith("You have 2 new messages and no saved messages. Message 1 of 2, new, from +17735550123, "
                + "received Wednesday 25 November at 11:00 AM."));
        until(caller, h -> h.contains("/media/"));           // the stored recording
        until(caller, h -> h.startsWith("Press 1 to hear it again"));
        caller.press("3");                                   // delete
        until(caller, h -> h.startsWith("Deleted. Message 2 of 2, new, from +17735550456"));
        until(caller, h -> h.equals("The recording of this message is not available yet."));
        until(caller, h -> h.startsWith("Press 1 to hear it again"));
        caller.press("0");                                   // not an option: asked again, nothing dialled
        until(caller, h -> h.startsWith("Sorry. Press 1"));
        caller.press("2");                                   // save
        until(caller, h -> h.startsWith("Saved. There are no more messages."));
        caller.press("9");
        until(caller, h -> h.startsWith("Record your new greeting after the tone"));
        until(caller, h -> h.equals("(beep)"));
        sim.advance(Duration.ofSeconds(6));
        caller.press("#");
        until(caller, h -> h.equals("Your new greeting is saved. Goodbye."));
        sim.advance(Duration.ofSeconds(5));
        assertThat(caller.state()).isEqualTo(Leg.State.ENDED);

        var remaining = TenantContext.callAs(company, () -> tx.execute(s -> voicemails.list(ann)));
        assertThat(remaining).extracting(m -> m.id()).containsExactly(second);
        assertThat(remaining.getFirst().heard()).isTrue();
        assertThat(remaining).noneMatch(m -> m.id().equals(first));
        var deletedByPhone = TenantContext.callAs(company, () -> tx.execute(s -> voicemails.get(first)));
        assertThat(deletedByPhone.deleted()).as("3 moves it to the Deleted folder, where the app can restore it").isTrue();
        assertThat(deletedByPhone.deletedBy()).isEqualTo("phone");
        var box = owner.get("/api/v1/members/" + ann + "/voicemail").json().get("settings");
        assertThat(box.get("greeting_type").asString()).isEqualTo("AUDIO");
        assertThat(box.get("greeting_media_id").isNull()).isFalse();
        var attempts = TenantContext.callAs(company, () -> tx.execute(s -> access.attempts(ann)));
        assertThat(attempts).hasSize(2);
        // Only the caller's own leg: the mailbox never dials anyone.
        assertThat(sim.legs().stream().filter(l -> l.sessionId().equals(caller.leg().sessionId()))).hasSize(1);
        var log = TenantContext.callAs(company, () -> tx.execute(s -> jdbc.sql("""
                select c.outcome from calls c join call_legs l on l.company_id = c.company_id and l.call_id = c.id
                where c.company_id = :c and l.leg_id = :leg""").param("c", company.value()).param("leg", caller.callControlId())
                .query(String.class).single()));
        assertThat(log).isEqualTo("ANSWERED");
    }

    /**
     * A message heard to its end by phone is no longer new, as one played in the app's inbox is: it stayed new until 2 or 4
     * was pressed, so a member who listened and hung up was still counted and told of it as new (found by a walk).
     */
    @Test
    void aMessageHeardToItsEndByPhoneIsNoLongerNewThoughTheCallerHangsUpAfterIt() {
        var first = message("+17735550123", Instant.parse("2026-11-25T17:00:00Z"), true);
        var second = message("+17735550456", Instant.parse("2026-11-25T17:30:00Z"), true);
        var caller = atAnnsPinPrompt();
        caller.press("4731#");
        until(caller, h -> h.contains("/media/"));
        until(caller, h -> h.startsWith("Press 1 to hear it again"));
        caller.hangUp();
        sim.advance(Duration.ofSeconds(2));
        var heard = TenantContext.callAs(company, () -> tx.execute(s -> voicemails.list(ann))).stream()
                .collect(java.util.stream.Collectors.toMap(m -> m.id(), m -> m.heard()));
        assertThat(heard).isEqualTo(Map.of(first, true, second, false));
        // The next call starts at the one not heard.
        var again = atAnnsPinPrompt();
        again.press("4731#");
        until(again, h -> h.startsWith("You have 1 new message and 1 saved message. Message 1 of 2, new, from +17735550456"));
        again.hangUp();
        sim.advance(Duration.ofSeconds(2));
    }

    /**
     * A key pressed while a message plays (or while its header is said) acts at once, as on any voicemail: 3 pressed a few
     * seconds into a message deleted nothing, the key lost, and the whole message had to be heard to reach the options
     * (found by a walk of the demo).
     */
    @Test
    void aKeyPressedWhileAMessagePlaysOrItsHeaderIsSaidActsAtOnce() {
        var first = message("+17735550123", Instant.parse("2026-11-25T17:00:00Z"), true);
        var second = message("+17735550456", Instant.parse("2026-11-25T17:30:00Z"), true);
        var third = message("+17735550789", Instant.parse("2026-11-25T17:45:00Z"), true);
        var caller = atAnnsPinPrompt();
        caller.press("4731#");
        until(caller, h -> h.contains("/media/"));          // the first message's recording, playing
        caller.press("3");                                  // delete, before it ends
        until(caller, h -> h.startsWith("Deleted. Message 2 of 3, new, from +17735550456"));
        caller.press("4");                                  // next, while the header is said
        until(caller, h -> h.startsWith("Message 3 of 3, new, from +17735550789"));
        until(caller, h -> h.contains("/media/"));
        until(caller, h -> h.startsWith("Press 1 to hear it again")); // heard to its end: the options
        caller.hangUp();
        sim.advance(Duration.ofSeconds(2));
        var left = TenantContext.callAs(company, () -> tx.execute(s -> voicemails.list(ann))).stream()
                .collect(java.util.stream.Collectors.toMap(m -> m.id(), m -> m.heard()));
        assertThat(left).as("the first deleted; the second skipped (as 4 after hearing it); the third heard").isEqualTo(Map.of(second, true, third, true));
        assertThat(TenantContext.callAs(company, () -> tx.execute(s -> voicemails.get(first))).deleted()).isTrue();
    }

    /** A message whose audio copy from the carrier was given up, as after its last failed try. */
    UUID messageWhoseAudioWasGivenUp(String from, Instant at, String transcription) {
        return TenantContext.callAs(company, () -> tx.execute(s -> {
            var id = voicemails.deposit(ann, null, from, at, 12, "http://simulator.local/recordings/gone.mp3", transcription);
            jdbc.sql("update voicemail_messages set audio_next_attempt_at = null, audio_fetch_attempts = 6, "
                    + "audio_error = 'gave up after 6 tries: HTTP 404' where company_id = :c and id = :id")
                    .param("c", company.value()).param("id", id).update();
            return id;
        }));
    }

    @Test
    void aMessageWhoseAudioCouldNotBeCopiedIsSaidToBeUnavailableNotComingLaterAndItsTextIsRead() {
        messageWhoseAudioWasGivenUp("+17735550123", Instant.parse("2026-11-25T17:00:00Z"), null);
        messageWhoseAudioWasGivenUp("+17735550456", Instant.parse("2026-11-25T17:30:00Z"), "Please call me back about the leak.");
        var caller = atAnnsPinPrompt();
        caller.press("4731#");
        until(caller, h -> h.startsWith("You have 2 new messages and no saved messages. Message 1 of 2"));
        until(caller, h -> h.startsWith("The recording of this message"));
        assertThat(caller.heard().getLast()).isEqualTo("The recording of this message could not be retrieved.");
        until(caller, h -> h.startsWith("Press 1 to hear it again"));
        caller.press("4");
        until(caller, h -> h.startsWith("Message 2 of 2"));
        until(caller, h -> h.startsWith("The recording"));
        assertThat(caller.heard().getLast())
                .isEqualTo("The recording of this message could not be retrieved. It says: Please call me back about the leak.");
        until(caller, h -> h.startsWith("Press 1 to hear it again"));
    }

    @Test
    void wrongPinsLockTheBoxAndTheRightPinIsNotCheckedWhileLocked() {
        message("+17735550123", Instant.parse("2026-11-25T17:00:00Z"), false);
        // Calling their own direct line from their own phone goes straight to the PIN.
        var did = randomNumber("312");
        var m = owner.put("/api/v1/members/" + ann, Map.of("name", "Ann", "phone_extension", "101", "direct_inward_dial", did,
                "call_forwarding_number", annPhone));
        assertThat(m.status()).as(m.body()).isEqualTo(200);
        var first = sim.call(annPhone, did);
        until(first, h -> h.startsWith("Voicemail for Ann. Please enter your PIN"));
        for (int i = 0; i < 2; i++) {
            first.press("0000#");
            until(first, h -> h.startsWith("That PIN is not right. Please enter"));
        }
        first.press("0000#");                    // the third wrong PIN in a row locks the box for a minute
        until(first, h -> h.startsWith("That PIN is not right, and the mailbox is now locked"));
        var second = sim.call(annPhone, did);
        until(second, h -> h.startsWith("Voicemail for Ann."));
        second.press("4731#");                   // right, but not even checked while locked
        until(second, h -> h.startsWith("This mailbox is locked after too many wrong PINs."));
        assertThat(second.heard()).noneMatch(h -> h.startsWith("You have"));
        sim.advance(Duration.ofMinutes(1));
        var third = sim.call(annPhone, did);
        until(third, h -> h.startsWith("Voicemail for Ann."));
        third.press("4731#");
        until(third, h -> h.startsWith("You have 1 new message and no saved messages."));
        var attempts = TenantContext.callAs(company, () -> tx.execute(s -> access.attempts(ann)));
        assertThat(attempts).hasSize(5);
    }

    /** # alone (nothing entered) is asked again, not counted as a wrong PIN towards the lock: three of them locked the box. */
    @Test
    void poundAloneIsNoWrongPin() {
        var caller = atAnnsPinPrompt();
        caller.press("#");
        until(caller, h -> h.equals("Please enter your PIN, then press pound.") && caller.heard().size() > 3);
        caller.press("#");
        sim.advance(Duration.ofSeconds(2));
        caller.press("4731#");
        until(caller, h -> h.startsWith("You have no new messages"));
        assertThat(caller.heard()).noneMatch(h -> h.startsWith("That PIN is not right"));
        var attempts = TenantContext.callAs(company, () -> tx.execute(s -> access.attempts(ann)));
        assertThat(attempts).as("only the right PIN was tried").hasSize(1);
        caller.hangUp();
        sim.advance(Duration.ofSeconds(1));
    }
}
