package dev.switchboard.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.simulator.Caller;
import dev.switchboard.simulator.SimClock;
import dev.switchboard.simulator.TelnyxSimulator;
import dev.switchboard.support.VirtualTimeCallTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * Voicemail and recordings through the in-process Telnyx simulator, in virtual time: the message's
 * transcription, whenever the carrier sends it; copying recordings from the carrier's URLs, tried again
 * when that fails (the carrier's URL failing on demand) until it is given up.
 */
@Import(VoicemailFlowTest.Carrier.class)
class VoicemailFlowTest extends VirtualTimeCallTest {

    /** The commands the engine sent, in order, as the carrier adapter got them. */
    record Sent(String legId, CallCommand command) {
    }

    @TestConfiguration
    static class Carrier {
        final List<Sent> sent = new CopyOnWriteArrayList<>();
        /** How many downloads of a recording fail before they work again; -1 for all of them. */
        final AtomicInteger failDownloads = new AtomicInteger();
        /** The recording URLs downloaded (or tried), in order. */
        final List<String> downloaded = new CopyOnWriteArrayList<>();

        /** The simulator's recordings, behind URLs that fail on demand (HTTP 503). */
        @Bean
        @Primary
        RecordingFetcher failingOnDemand(TelnyxSimulator simulator) {
            return url -> {
                downloaded.add(url);
                if (failDownloads.getAndUpdate(n -> n > 0 ? n - 1 : n) != 0) {
                    throw new IllegalStateException("HTTP 503 for " + url);
                }
                return simulator.recordingAudio(url);
            };
        }

        @Bean
        @Primary
        SimClock virtualClock() {
            return new SimClock(Instant.parse("2026-11-25T18:00:00Z")); // Wednesday noon in Chicago
        }

        /** The simulator's call control, noting every command on its way. */
        @Bean
        @Primary
        CallControl notingCallControl(TelnyxSimulator simulator) {
            return new InterceptedCallControl(simulator, (control, legId, command, commandId, clientState) -> {
                sent.add(new Sent(legId, command));
                return control.send(legId, command, commandId, clientState);
            });
        }
    }

    @Autowired
    Carrier carrier;

    @Autowired
    CallEngine engine;

    @Autowired
    MediaDownloads downloads;

    static final String MESSAGE = "Hi, this is Dana on Elm Street. The boiler is leaking again, please call me back.";

    @BeforeEach
    void company() {
        newCompany("Voicemail Flow Co");
        sim.transcriptionDelay(Duration.ofSeconds(5));
        carrier.failDownloads.set(0);
    }

    /** The company's general box: every call goes there (no routing rules). */
    void generalBox(Map<String, Object> settings) {
        var r = owner.put("/api/v1/voicemail/settings", settings);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    /** A caller reaching the general box, once its greeting has played and the recording has begun. */
    Caller callerAtTheBeep() {
        var caller = sim.call(randomNumber("773"), number);
        sim.advance(Duration.ofSeconds(10));
        assertThat(caller.heard()).last().isEqualTo("(beep)");
        assertThat(call().get("phase")).isEqualTo("VOICEMAIL_RECORDING");
        return caller;
    }

    CallCommand.RecordStart recordStartTo(Caller caller) {
        return carrier.sent.stream().filter(s -> s.legId().equals(caller.callControlId()))
                .map(Sent::command).filter(CallCommand.RecordStart.class::isInstance).map(CallCommand.RecordStart.class::cast)
                .reduce((a, b) -> b).orElseThrow();
    }

    Map<String, Object> message() {
        return inCompany(() -> jdbc.sql("select * from voicemail_messages where company_id = :c").param("c", company.value())
                .query().singleRow());
    }

    @Test
    void aCallersMessageIsTranscribedLongAfterTheHangupAndTheTextKeptOnTheMessageAndTheCallLog() {
        generalBox(Map.of("greeting_type", "TEXT_TO_SPEECH", "greeting_text", "Elm Plumbing. Please leave a message.",
                "greeting_language", "en-US", "transcription_enabled", true));
        sim.transcriptionDelay(Duration.ofMinutes(20));
        var caller = callerAtTheBeep();
        var recordStart = recordStartTo(caller);
        assertThat(recordStart.transcribe()).isTrue();
        assertThat(recordStart.transcriptionLanguage()).isEqualTo("en-US");

        caller.leaveMessage(Duration.ofSeconds(15), MESSAGE);
        var log = call();
        assertThat(log.get("outcome")).isEqualTo("VOICEMAIL");
        assertThat(message().get("media_id")).as("the audio is stored at once").isNotNull();
        assertThat(message().get("transcription")).as("not transcribed yet").isNull();

        sim.advance(Duration.ofMinutes(20));
        assertThat(message().get("transcription")).isEqualTo(MESSAGE);
        var api = owner.get("/api/v1/call-logs/" + log.get("id")).json();
        assertThat(api.get("call").get("transcription").asString()).isEqualTo(MESSAGE);
        var messages = owner.get("/api/v1/voicemail/messages").json();
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).get("transcription").asString()).isEqualTo(MESSAGE);
    }

    @Test
    void aMessageWhoseSavedEventIsShapedAsTelnyxsSchemaHasItWithoutTheLegsIdIsKept() {
        generalBox(Map.of("greeting_type", "TEXT_TO_SPEECH", "greeting_text", "Elm Plumbing. Please leave a message.",
                "greeting_language", "en-US", "transcription_enabled", false));
        sim.recordingSavedWithoutCallControlId(true);
        try {
            var caller = callerAtTheBeep();
            caller.leaveMessage(Duration.ofSeconds(15), MESSAGE);
            assertThat(call().get("outcome")).isEqualTo("VOICEMAIL");
            assertThat(call().get("voicemail_id")).isEqualTo(message().get("id"));
            assertThat(message().get("media_id")).as("its audio copied").isNotNull();
        } finally {
            sim.recordingSavedWithoutCallControlId(false);
        }
    }

    @Test
    void aGreetingInALanguageTheCarriersSpeechHasNoVoiceForIsStillSpokenAndTheMessageRecorded() {
        // Canadian English: Telnyx's speak takes 29 languages, en-CA not among them (it would refuse the prompt
        // with 422, and the caller would never hear the beep). Its transcription does know en-CA.
        generalBox(Map.of("greeting_type", "TEXT_TO_SPEECH", "greeting_text", "Maple Plumbing. Please leave a message.",
                "greeting_language", "en-CA", "transcription_enabled", true));
        var caller = callerAtTheBeep();
        assertThat(caller.heard()).contains("Maple Plumbing. Please leave a message.");
        assertThat(recordStartTo(caller).transcriptionLanguage()).isEqualTo("en-CA");
        caller.leaveMessage(Duration.ofSeconds(15), MESSAGE);
        assertThat(call().get("outcome")).isEqualTo("VOICEMAIL");
        assertThat(message().get("media_id")).isNotNull();
        // The message's audio is heard through the voicemail endpoints, which check whose box it is: the media
        // endpoint describes (and signs URLs for) uploaded prompts only.
        assertThat(owner.get("/api/v1/media/" + message().get("media_id")).status()).isEqualTo(404);
    }

    @Test
    void withTranscriptionOffTheRecordingDoesNotAskForItAndNoTextIsStored() {
        generalBox(Map.of("transcription_enabled", false));
        var caller = callerAtTheBeep();
        assertThat(recordStartTo(caller).transcribe()).isFalse();

        caller.leaveMessage(Duration.ofSeconds(15), MESSAGE);
        sim.advance(Duration.ofMinutes(30));
        assertThat(sim.deliveries()).filteredOn(d -> d.legId().equals(caller.callControlId()))
                .extracting(TelnyxSimulator.Delivery::eventType).contains("call.recording.saved")
                .doesNotContain("call.recording.transcription.saved");
        assertThat(message().get("transcription")).isNull();
        assertThat(call().get("transcription")).isNull();
    }

    @Test
    void aTranscriptionArrivingBeforeItsRecordingIsKeptForTheMessage() {
        generalBox(Map.of("transcription_enabled", true));
        var caller = callerAtTheBeep();
        // The transcription's webhook overtook the recording's (reordered delivery): the call is still on.
        engine.handle(new CallSignal.RecordingTranscribed(UUID.randomUUID().toString(), caller.callControlId(), caller.leg().sessionId(),
                sim.clock().instant(), null, UUID.randomUUID().toString(), true, MESSAGE));
        assertThat(call().get("transcription")).isEqualTo(MESSAGE);

        // Then the recording is saved; the caller said nothing the simulator would transcribe, so its own
        // (empty) transcription that follows changes nothing.
        caller.talkThenHangUp(Duration.ofSeconds(15));
        sim.advance(Duration.ofMinutes(1));
        assertThat(message().get("transcription")).isEqualTo(MESSAGE);
        assertThat(call().get("transcription")).isEqualTo(MESSAGE);
        assertThat(call().get("outcome")).isEqualTo("VOICEMAIL");
    }

    @Test
    void aSilentMessageHasNoTranscription() {
        generalBox(Map.of("transcription_enabled", true));
        var caller = callerAtTheBeep();
        caller.talkThenHangUp(Duration.ofSeconds(6));
        sim.advance(Duration.ofMinutes(1));
        assertThat(sim.deliveries()).filteredOn(d -> d.legId().equals(caller.callControlId()))
                .extracting(TelnyxSimulator.Delivery::eventType).contains("call.recording.transcription.saved");
        assertThat(message().get("transcription")).isNull();
        assertThat(call().get("transcription")).isNull();
    }

    /**
     * The demo carrier transcribes a silent message as empty text: the call's journey said "Transcription received"
     * while the inbox said "No transcription". Empty or blank, it is stored as none and both pages say so.
     */
    @Test
    void anEmptyOrBlankTranscriptionIsNoneAndTheCallPageAndInboxBothSaySo() {
        generalBox(Map.of("transcription_enabled", true));
        var caller = callerAtTheBeep();
        caller.talkThenHangUp(Duration.ofSeconds(6));
        sim.advance(Duration.ofMinutes(1));
        // A blank transcript, live or of the recording, whenever it comes, changes nothing either.
        engine.handle(new CallSignal.RecordingTranscribed(UUID.randomUUID().toString(), caller.callControlId(), caller.leg().sessionId(),
                sim.clock().instant(), null, UUID.randomUUID().toString(), true, " \n "));
        engine.handle(new CallSignal.Transcribed(UUID.randomUUID().toString(), caller.callControlId(), caller.leg().sessionId(),
                sim.clock().instant(), null, "  ", true));
        assertThat(message().get("transcription")).isNull();
        assertThat(call().get("transcription")).isNull();

        var web = webLogin(owner.email(), "correct-horse");
        var callPage = web.get("/calls/" + call().get("id")).body();
        assertThat(callPage).contains("Transcription empty").doesNotContain("Transcription received")
                .contains("No transcription: no words were heard.");
        assertThat(web.get("/voicemail").body()).contains("No transcription: no words were heard.");
    }

    /**
     * A call whose message was deleted (to the Deleted folder) no longer hid it: its page says where the message is, who
     * deleted it and when, and the day it goes for good; whoever may restore it (an owner, not a supervisor, for the
     * general box's) gets the Deleted page's Restore, which comes back to the call; a bad call in that form changes nothing.
     */
    @Test
    void aCallWhoseMessageIsInTheDeletedFolderSaysSoWithItsPurgeDateAndRestoresItFromThere() {
        generalBox(Map.of("transcription_enabled", false));
        callerAtTheBeep().leaveMessage(Duration.ofSeconds(15), MESSAGE);
        var callId = call().get("id").toString();
        var messageId = message().get("id").toString();
        var me = owner.get("/api/v1/me").json().get("user_id").asString();
        assertThat(owner.put("/api/v1/users/" + me, Map.of("display_name", "Tess Owner")).status()).isEqualTo(200);
        var web = webLogin(owner.email(), "correct-horse");
        var inBox = web.get("/calls/" + callId).body();
        assertThat(inBox).as("in its box: no Deleted folder").doesNotContain("Deleted folder");
        // Where it is, heard or not, and a link to it there (its page showed only a "Recording").
        assertThat(inBox.replaceAll("<[^>]+>", "").replaceAll("\\s+", " ")).contains("Voicemail message Your browser cannot play audio. Download the recording A message of 0:19 in the General mailbox, not heard yet.");
        assertThat(inBox).as("the recording is the message").doesNotContain(">Recording</h3>");
        // Played from its stored copy, as the inbox plays it (through the session, checked each time): the page kept the
        // carrier's link (expired soon after the call).
        assertThat(inBox).contains("src=\"/voicemail/" + messageId + "/audio\"").doesNotContain("src=\"http");
        assertThat(inBox).contains("href=\"/voicemail?box=general#vm-" + messageId + "\">Open it in the mailbox</a>");

        assertThat(owner.delete("/api/v1/voicemail/messages/" + messageId).status()).isEqualTo(204);
        var zone = java.time.ZoneId.of(owner.get("/api/v1/company").json().get("timezone").asString());
        var purgeAt = Instant.parse(owner.get("/api/v1/voicemail/messages/" + messageId).json().get("purge_at").asString());
        assertThat(purgeAt).isEqualTo(sim.clock().instant().plus(Duration.ofDays(30)));
        var page = web.get("/calls/" + callId);
        assertThat(page.status()).isEqualTo(200);
        var text = page.body().replaceAll("<[^>]+>", "").replaceAll("\\s+", " ");
        assertThat(text).contains("The message the caller left is in the Deleted folder (deleted by Tess Owner on "
                        + dev.switchboard.tenancy.DisplayFormats.DATE_TIME.format(sim.clock().instant().atZone(zone)) + ").")
                .contains("Deleted for good on " + dev.switchboard.tenancy.DisplayFormats.DATE.format(purgeAt.atZone(zone)));
        assertThat(page.body()).doesNotContain("Open it in the mailbox").as("a deleted message is not played here").doesNotContain("<audio");
        assertThat(page.body()).contains("action=\"/voicemail/" + messageId + "/restore\"")
                .contains("name=\"call\" value=\"" + callId + "\"").contains("Restore the message");

        var supervisor = owner.newUser("SUPERVISOR", null);
        var theirs = webLogin(supervisor.email(), "their-password").get("/calls/" + callId).body();
        assertThat(theirs).as("a supervisor reads it, restores nothing").contains("Deleted folder")
                .doesNotContain("/voicemail/" + messageId + "/restore");

        var bad = web.post("/voicemail/" + messageId + "/restore", "call", "not-a-call");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("call: &#39;not-a-call&#39; is not a valid value");
        assertThat(owner.get("/api/v1/voicemail/messages/" + messageId).json().get("deleted").asBoolean()).as("kept deleted").isTrue();

        var restored = web.post("/voicemail/" + messageId + "/restore", "call", callId);
        assertThat(restored.status()).isEqualTo(302);
        assertThat(restored.location()).endsWith("/calls/" + callId);
        assertThat(web.get("/calls/" + callId).body()).contains("Message restored to the general mailbox.")
                .doesNotContain("Deleted folder").contains("Open it in the mailbox");
        assertThat(owner.get("/api/v1/voicemail/messages/" + messageId).json().get("deleted").asBoolean()).isFalse();
        assertThat(web.post("/voicemail/" + messageId + "/restore", "call", callId).location()).endsWith("/calls/" + callId);
        assertThat(web.get("/calls/" + callId).body()).as("a second click: said, nothing changed")
                .contains("is not in the Deleted folder: there is nothing to restore. Nothing was changed.");
    }

    /**
     * A transcription asked for that never comes (the carrier's event lost, or never sent) read as on its way forever.
     * It is pending for half an hour after the message, by the injected clock, then not available, decided when the
     * page is shown (no job marks it). One the carrier reports failed read as "Transcription received" in the call's
     * journey: it says it failed.
     */
    @Test
    void aTranscriptionThatNeverComesIsNotAvailableHalfAnHourAfterTheMessageAndAFailedOneIsNotReceived() {
        generalBox(Map.of("transcription_enabled", true));
        sim.transcriptionDelay(Duration.ofHours(6));
        var caller = callerAtTheBeep();
        caller.leaveMessage(Duration.ofSeconds(15), MESSAGE);
        var web = webLogin(owner.email(), "correct-horse");
        var callPage = "/calls/" + call().get("id");
        assertThat(web.get(callPage).body()).contains("Transcription pending");
        assertThat(web.get("/voicemail").body()).contains("Transcription pending").doesNotContain("No transcription.");

        sim.advance(Duration.ofMinutes(28));
        assertThat(web.get("/voicemail").body()).contains("Transcription pending");
        sim.advance(Duration.ofMinutes(2));
        assertThat(web.get(callPage).body()).contains("Transcription not available.").doesNotContain("Transcription pending");
        assertThat(web.get("/voicemail").body()).contains("Transcription not available.").doesNotContain("Transcription pending");
        assertThat(message().get("transcription")).isNull();

        engine.handle(new CallSignal.RecordingTranscribed(UUID.randomUUID().toString(), caller.callControlId(), caller.leg().sessionId(),
                sim.clock().instant(), null, UUID.randomUUID().toString(), false, null));
        assertThat(web.get(callPage).body()).contains("Transcription failed").doesNotContain("Transcription received")
                .contains("Transcription not available.");
    }

    @Test
    void aCallerWhoseMessageTheCarrierCannotRecordIsToldAndTheCallLogSaysWhy() {
        generalBox(Map.of("transcription_enabled", true));
        var caller = callerAtTheBeep();
        sim.advance(Duration.ofSeconds(5));
        // call.recording.error: no recording will be saved. The caller was left talking to nobody until they hung up,
        // and the call was a missed call with nothing saying why.
        sim.failRecording(caller.callControlId(), "Internal server error");
        sim.advance(Duration.ofSeconds(1));
        assertThat(caller.heard()).last().isEqualTo("Sorry, we could not record your message. Please call again later. Goodbye.");
        sim.advance(Duration.ofSeconds(10));
        assertThat(caller.state()).isEqualTo(dev.switchboard.simulator.Leg.State.ENDED);
        var log = owner.get("/api/v1/call-logs/" + call().get("id")).json();
        assertThat(log.get("call").get("outcome").asString()).isEqualTo("MISSED");
        assertThat(log.get("trace").toString()).contains("the carrier could not record the message: Internal server error");
        assertThat(inCompany(() -> jdbc.sql("select count(*) from voicemail_messages where company_id = :c").param("c", company.value())
                .query(Long.class).single())).isZero();
    }

    @Test
    void aMessageWhoseRecordingFailsAfterTheHangupLeavesAMissedCallSayingWhy() {
        generalBox(Map.of("transcription_enabled", false));
        var caller = callerAtTheBeep();
        sim.advance(Duration.ofSeconds(5));
        // The error is heard only after the caller hung up.
        sim.delayNextDeliveries(1, Duration.ofSeconds(30), "call.recording.error");
        sim.failRecording(caller.callControlId(), "Internal server error");
        caller.hangUp();
        assertThat(call().get("outcome")).isEqualTo("MISSED");
        sim.advance(Duration.ofMinutes(1));
        var log = owner.get("/api/v1/call-logs/" + call().get("id")).json();
        assertThat(log.get("call").get("outcome").asString()).isEqualTo("MISSED");
        assertThat(log.get("trace").toString()).contains("the carrier could not record the message: Internal server error; no message was left");
    }

    // ---- copies of recordings from the carrier's expiring URLs ----

    /** Moves virtual time on by {@code seconds} and runs the retries due then (the background poll's work). */
    void later(int seconds) {
        sim.advance(Duration.ofSeconds(seconds));
        downloads.retryDue();
    }

    long downloadsOf(Object url) {
        return carrier.downloaded.stream().filter(url::equals).count();
    }

    @Test
    void aVoicemailWhoseAudioFailsToDownloadOnceIsStoredByTheRetry() {
        generalBox(Map.of("transcription_enabled", false));
        carrier.failDownloads.set(1);
        callerAtTheBeep().leaveMessage(Duration.ofSeconds(15), MESSAGE);
        var message = message();
        assertThat(message.get("media_id")).isNull();
        assertThat(message.get("audio_fetch_attempts")).isEqualTo(1);
        assertThat((String) message.get("audio_error")).startsWith("try 1 failed: HTTP 503");
        var shown = owner.get("/api/v1/voicemail/messages/" + message.get("id")).json();
        assertThat(shown.get("audio_status").asString()).isEqualTo("FETCHING");
        assertThat(shown.get("audio_error").asString()).startsWith("try 1 failed: HTTP 503");
        var fetching = owner.get("/api/v1/call-logs/" + message.get("call_id")).json().get("call");
        assertThat(fetching.get("recording_status").asString()).isEqualTo("FETCHING");
        assertThat(fetching.get("recording_error").asString()).startsWith("try 1 failed: HTTP 503");

        later(10);
        assertThat(downloadsOf(message.get("carrier_audio_url"))).as("not due before the first retry's 20 s").isEqualTo(1);
        later(10);
        message = message();
        assertThat(downloadsOf(message.get("carrier_audio_url"))).isEqualTo(2);
        assertThat(message.get("media_id")).isNotNull();
        assertThat(message.get("audio_fetch_attempts")).isEqualTo(2);
        assertThat(message.get("audio_error")).isNull();
        assertThat(message.get("audio_next_attempt_at")).isNull();
        shown = owner.get("/api/v1/voicemail/messages/" + message.get("id")).json();
        assertThat(shown.get("audio_status").asString()).isEqualTo("STORED");
        var logged = owner.get("/api/v1/call-logs?limit=1").json().get(0);
        assertThat(logged.get("voicemail_id").asString()).isEqualTo(message.get("id").toString());
        assertThat(logged.get("recording_status").asString()).isEqualTo("STORED");
        assertThat(logged.get("recording_error").isNull()).isTrue();
        assertThat(owner.get("/api/v1/voicemail/messages/" + message.get("id") + "/audio").status()).isEqualTo(200);
        // A voicemail call's recording is its message's: the log points there; the call has none of its own.
        assertThat(logged.get("recording_url").asString()).isEqualTo("/api/v1/voicemail/messages/" + message.get("id") + "/audio");
        var own = owner.get("/api/v1/call-logs/" + logged.get("id").asString() + "/recording");
        assertThat(own.status()).isEqualTo(404);
        assertThat(own.json().get("detail").asString()).contains("has no recording of its own");
    }

    @Test
    void aVoicemailWhoseAudioNeverDownloadsIsGivenUpAfterTheLastTryAndKeptWithItsError() {
        generalBox(Map.of("transcription_enabled", true));
        carrier.failDownloads.set(-1);
        callerAtTheBeep().leaveMessage(Duration.ofSeconds(15), MESSAGE);
        var url = message().get("carrier_audio_url");
        // Tries at 0, 20, 60, 140, 260 and 380 s (20 s doubling, at most 2 minutes apart): six in all.
        for (int t = 10; t <= 370; t += 10) {
            later(10);
        }
        assertThat(downloadsOf(url)).isEqualTo(5);
        assertThat(owner.get("/api/v1/voicemail/messages").json().get(0).get("audio_status").asString()).isEqualTo("FETCHING");
        later(10);
        assertThat(downloadsOf(url)).isEqualTo(6);
        var message = message();
        assertThat(message.get("audio_fetch_attempts")).isEqualTo(6);
        assertThat(message.get("audio_next_attempt_at")).isNull();
        assertThat((String) message.get("audio_error")).startsWith("gave up after 6 tries: HTTP 503");

        later(600);
        assertThat(downloadsOf(url)).as("given up: tried no more").isEqualTo(6);
        // The message stays, with what the caller said and why there is no audio.
        var shown = owner.get("/api/v1/voicemail/messages").json();
        assertThat(shown).hasSize(1);
        assertThat(shown.get(0).get("audio_status").asString()).isEqualTo("FAILED");
        assertThat(shown.get(0).get("audio_error").asString()).startsWith("gave up after 6 tries: HTTP 503");
        assertThat(shown.get(0).get("transcription").asString()).isEqualTo(MESSAGE);
        // The voicemail call's recording is the message's: its call-log entry says the same.
        var logged = owner.get("/api/v1/call-logs/" + shown.get(0).get("call_id").asString()).json().get("call");
        assertThat(logged.get("recording_status").asString()).isEqualTo("FAILED");
        assertThat(logged.get("recording_error").asString()).startsWith("gave up after 6 tries: HTTP 503");
        var audio = owner.get("/api/v1/voicemail/messages/" + shown.get(0).get("id").asString() + "/audio");
        assertThat(audio.status()).isEqualTo(404);
        assertThat(audio.body()).contains("could not be copied from the carrier");
    }

    @Test
    void aRecordedCallsRecordingIsCopiedAfterAFailedTryOrGivenUpWithItsErrorInTheJourneyLog() {
        var sip = "sip:ann-" + UUID.randomUUID().toString().substring(0, 8) + "@flow.sip.telnyx.com";
        var ann = owner.post("/api/v1/members", Map.of("name", "Ann", "phone_extension", "101", "sip_address", sip));
        assertThat(ann.status()).as(ann.body()).isEqualTo(201);
        var rule = owner.post("/api/v1/routing-rules", Map.of("name", "Recorded", "type", "SIMULTANEOUS",
                "member_ids", List.of(ann.json().get("id").asString()), "recording_enabled", true));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        sim.phone(sip, dev.switchboard.simulator.PhoneScript.answerAfter(Duration.ofSeconds(2)));

        carrier.failDownloads.set(1);
        var first = sim.call(randomNumber("773"), number);
        sim.advance(Duration.ofSeconds(2));
        first.talkThenHangUp(Duration.ofSeconds(30));
        var call = call();
        assertThat(call.get("recording_url")).isNotNull();
        assertThat(call.get("recording_media_id")).isNull();
        assertThat(call.get("recording_fetch_attempts")).isEqualTo(1);
        var logged = owner.get("/api/v1/call-logs/" + call.get("id")).json().get("call");
        assertThat(logged.get("recording_status").asString()).isEqualTo("FETCHING");
        assertThat(logged.get("recording_error").asString()).startsWith("try 1 failed: HTTP 503");
        later(20);
        call = call();
        assertThat(call.get("recording_media_id")).isNotNull();
        assertThat(call.get("recording_fetch_attempts")).isEqualTo(2);
        assertThat(call.get("recording_error")).isNull();
        logged = owner.get("/api/v1/call-logs/" + call.get("id")).json().get("call");
        assertThat(logged.get("recording_status").asString()).isEqualTo("STORED");
        assertThat(logged.get("recording_error").isNull()).isTrue();

        carrier.failDownloads.set(-1);
        var second = sim.call(randomNumber("773"), number);
        sim.advance(Duration.ofSeconds(2));
        second.talkThenHangUp(Duration.ofSeconds(30));
        for (int t = 0; t < 60; t++) {
            later(10);
        }
        var lost = call();
        assertThat(downloadsOf(lost.get("recording_url"))).isEqualTo(6);
        assertThat(lost.get("recording_media_id")).isNull();
        assertThat(lost.get("recording_next_attempt_at")).isNull();
        assertThat((String) lost.get("recording_error")).startsWith("gave up after 6 tries: HTTP 503");
        // The call log says the recording is lost, and why, in the list as in the call's detail.
        var listed = owner.get("/api/v1/call-logs?limit=1").json().get(0);
        assertThat(listed.get("id").asString()).isEqualTo(lost.get("id").toString());
        assertThat(listed.get("recording_status").asString()).isEqualTo("FAILED");
        assertThat(listed.get("recording_error").asString()).startsWith("gave up after 6 tries: HTTP 503");
        var detail = owner.get("/api/v1/call-logs/" + lost.get("id")).json();
        assertThat(detail.get("call").get("recording_status").asString()).isEqualTo("FAILED");
        assertThat(detail.get("call").get("recording_error").asString()).startsWith("gave up after 6 tries: HTTP 503");
        var events = detail.get("events");
        var kinds = new java.util.ArrayList<String>();
        events.forEach(e -> kinds.add(e.get("kind").asString()));
        assertThat(kinds).containsSubsequence("Ended", "RecordingFetchFailed", "RecordingLost");
        assertThat(kinds.stream().filter("RecordingFetchFailed"::equals)).hasSize(5);
    }

    @Test
    void aLongRecordedCallsRecordingIsStoredThoughLargerThanAnUploadMayBe() {
        // Uploads (greetings, hold music) are kept to 5 MB; a recorded conversation is as long as it is: the simulator's
        // 8 kHz 16-bit WAV is 16 KB a second, so 10 minutes is about 9.6 MB. Refused for its size, it was tried six
        // times and given up: the whole recording lost.
        var sip = "sip:ann-" + UUID.randomUUID().toString().substring(0, 8) + "@flow.sip.telnyx.com";
        var ann = owner.post("/api/v1/members", Map.of("name", "Ann", "phone_extension", "101", "sip_address", sip));
        assertThat(ann.status()).as(ann.body()).isEqualTo(201);
        var rule = owner.post("/api/v1/routing-rules", Map.of("name", "Recorded", "type", "SIMULTANEOUS",
                "member_ids", List.of(ann.json().get("id").asString()), "recording_enabled", true));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        sim.phone(sip, dev.switchboard.simulator.PhoneScript.answerAfter(Duration.ofSeconds(2)));

        var caller = sim.call(randomNumber("773"), number);
        sim.advance(Duration.ofSeconds(2));
        caller.talkThenHangUp(Duration.ofMinutes(10));
        var call = call();
        assertThat(sim.recordingAudio((String) call.get("recording_url")).length).isGreaterThan(5 * 1024 * 1024);
        assertThat(call.get("recording_error")).isNull();
        assertThat(call.get("recording_media_id")).as("stored at the first try").isNotNull();
        var played = owner.getBytes("/api/v1/call-logs/" + call.get("id") + "/recording");
        assertThat(played.statusCode()).isEqualTo(200);
        assertThat(played.body()).isEqualTo(sim.recordingAudio((String) call.get("recording_url")));
        // What a call leaves is no change of anyone's settings: not in the Activity (every voicemail and recording filled it).
        assertThat(owner.get("/api/v1/audit-log?entity_type=media").json().toString())
                .doesNotContain(call.get("recording_media_id").toString());
    }

    // ---- a recorded call whose caller goes on to leave a message ----

    /**
     * Ann answers a call her rule records, talks 30 s, transfers it blind to Bob and hangs up; Bob's phone is
     * not answered, so the caller leaves Bob a 10 s message. With {@code callRecordingLate} the call recording's
     * saved event reaches us two minutes late, after the message's. Returns the caller.
     */
    Caller recordedCallEndingInVoicemail(boolean callRecordingLate) {
        return recordedCallEndingInVoicemail(callRecordingLate, caller -> { });
    }

    /** As {@link #recordedCallEndingInVoicemail(boolean)}, doing {@code atTheBeep} when the caller has heard the beep. */
    Caller recordedCallEndingInVoicemail(boolean callRecordingLate, java.util.function.Consumer<Caller> atTheBeep) {
        var tag = UUID.randomUUID().toString().substring(0, 8);
        var annSip = "sip:ann-" + tag + "@flow.sip.telnyx.com";
        var bobSip = "sip:bob-" + tag + "@flow.sip.telnyx.com";
        var ann = member("Ann", "101", annSip);
        var bob = member("Bob", "102", bobSip);
        var rule = owner.post("/api/v1/routing-rules", Map.of("name", "Recorded", "type", "SIMULTANEOUS", "member_ids", List.of(ann),
                "recording_enabled", true));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        sim.phone(annSip, dev.switchboard.simulator.PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone(bobSip, new dev.switchboard.simulator.PhoneScript.NeverAnswer());
        var caller = sim.call(randomNumber("773"), number);
        sim.advance(Duration.ofSeconds(5)); // the recording announcement, before Ann is rung
        assertThat(caller.heard()).contains(dev.switchboard.routing.PhoneSettings.DEFAULT_RECORDING_ANNOUNCEMENT);
        sim.advance(Duration.ofSeconds(2));
        sim.advance(Duration.ofSeconds(30));
        var transferred = owner.post("/api/v1/calls/" + call().get("id") + "/transfer", Map.of("member_id", bob));
        assertThat(transferred.status()).as(transferred.body()).isEqualTo(200);
        var annLeg = legsTo(annSip).getFirst();
        assertThat(sim.handle("POST", "/v2/calls/" + annLeg.callControlId() + "/actions/hangup", "{}").status()).isEqualTo(200);
        if (callRecordingLate) {
            sim.delayNextDeliveries(1, Duration.ofMinutes(2), "call.recording.saved");
        }
        sim.advance(Duration.ofSeconds(20)); // Bob's ring timeout
        assertThat(call().get("phase")).isEqualTo("VOICEMAIL_GREETING");
        sim.advance(Duration.ofSeconds(7));
        assertThat(caller.heard()).last().isEqualTo("(beep)");
        atTheBeep.accept(caller);
        caller.leaveMessage(Duration.ofSeconds(10), MESSAGE);
        if (callRecordingLate) {
            assertThat(call().get("recording_url")).as("the call's recording is not saved yet").isNull();
            sim.advance(Duration.ofMinutes(2));
        }
        return caller;
    }

    /** The commands sent to the caller's leg, in order, that start or stop a recording. */
    List<CallCommand> recordingCommandsTo(Caller caller) {
        return carrier.sent.stream().filter(s -> s.legId().equals(caller.callControlId())).map(Sent::command)
                .filter(c -> c instanceof CallCommand.RecordStart || c instanceof CallCommand.RecordStop).toList();
    }

    /** Both recordings of a recorded call that ended in voicemail are where they belong, and nothing is lost. */
    void bothRecordingsKept(Caller caller) {
        // The call's recording is stopped before the message's is started.
        var recordings = recordingCommandsTo(caller);
        assertThat(recordings).hasSize(3);
        assertThat(recordings.get(0)).isEqualTo(new CallCommand.RecordStart(false, 0));
        assertThat(recordings.get(1)).isInstanceOf(CallCommand.RecordStop.class);
        assertThat(recordings.get(2)).isInstanceOfSatisfying(CallCommand.RecordStart.class, r -> assertThat(r.beep()).isTrue());
        assertThat(sim.deliveries()).filteredOn(d -> d.legId().equals(caller.callControlId()) && d.attempt() == 1)
                .extracting(TelnyxSimulator.Delivery::eventType).filteredOn("call.recording.saved"::equals).hasSize(2);

        var call = call();
        var message = message();
        var callUrl = (String) call.get("recording_url");
        var messageUrl = (String) message.get("carrier_audio_url");
        assertThat(callUrl).isNotNull().isNotEqualTo(messageUrl);
        // The message is what the caller left after the beep (10 s, and the greeting's last seconds), the call's recording
        // the 50 s before the greeting (30 s with Ann, 20 s of Bob's ringing).
        assertThat((Integer) message.get("duration_seconds")).isBetween(10, 15);
        assertThat(sim.recordingAudio(callUrl).length).isGreaterThan(4 * sim.recordingAudio(messageUrl).length);
        assertThat(message.get("call_id")).isEqualTo(call.get("id"));
        assertThat(message.get("media_id")).isNotNull();
        assertThat(call.get("recording_media_id")).as("stored as the call's recording").isNotNull()
                .isNotEqualTo(message.get("media_id"));
        var logged = owner.get("/api/v1/call-logs/" + call.get("id")).json().get("call");
        assertThat(logged.get("outcome").asString()).isEqualTo("VOICEMAIL");
        assertThat(logged.get("voicemail_id").asString()).isEqualTo(message.get("id").toString());
        assertThat(logged.get("recording_status").asString()).isEqualTo("STORED");
        // The API points at our stored copy (the carrier's link expires), which is the carrier's recording.
        assertThat(logged.get("recording_url").asString()).isEqualTo("/api/v1/call-logs/" + call.get("id") + "/recording");
        var played = owner.getBytes(logged.get("recording_url").asString());
        assertThat(played.statusCode()).isEqualTo(200);
        assertThat(played.body()).isEqualTo(sim.recordingAudio(callUrl));
        assertThat(owner.get("/api/v1/call-logs?limit=1").json().get(0).get("recording_url").asString()).isEqualTo(logged.get("recording_url").asString());
        // Which recording is which, by the carrier's ids (in the simulator's URLs).
        var metadata = logged.get("metadata");
        assertThat(callUrl).contains(metadata.get("call_recording_id").asString());
        assertThat(messageUrl).contains(metadata.get("message_recorded_from").asString());
        assertThat(owner.get("/api/v1/voicemail/messages/" + message.get("id")).json().get("audio_status").asString()).isEqualTo("STORED");
    }

    @Test
    void aRecordedCallThatEndsInVoicemailStopsItsRecordingBeforeTheMessageAndKeepsBoth() {
        var caller = recordedCallEndingInVoicemail(false);
        bothRecordingsKept(caller);
        assertThat(owner.get("/api/v1/call-logs/" + call().get("id")).json().get("trace").toString())
                .contains("the call's recording stops before the voicemail");
    }

    @Test
    void theCallsOwnRecordingSavedAgainUnderANewEventIdWhileTheCallerRecordsIsNotTakenForTheirMessage() {
        var caller = recordedCallEndingInVoicemail(false, c -> {
            var saved = sim.deliveries().stream().filter(d -> d.legId().equals(c.callControlId()) && d.attempt() == 1
                    && "call.recording.saved".equals(d.eventType())).toList();
            assertThat(saved).as("the call's own recording, saved before the greeting").hasSize(1);
            assertThat(call().get("phase")).isEqualTo("VOICEMAIL_RECORDING");
            sim.redeliverAsNewEvent(saved.getFirst());
        });
        sim.advance(Duration.ofMinutes(1));
        var call = call();
        var message = message();
        assertThat(message.get("carrier_audio_url")).as("the message is what the caller said after the beep, not the call's recording")
                .isNotEqualTo(call.get("recording_url"));
        assertThat((Integer) message.get("duration_seconds")).isBetween(10, 15);
        assertThat(message.get("media_id")).isNotNull();
        assertThat(call.get("voicemail_id")).isEqualTo(message.get("id"));
        var metadata = owner.get("/api/v1/call-logs/" + call.get("id")).json().get("call").get("metadata");
        assertThat((String) message.get("carrier_audio_url")).contains(metadata.get("message_recorded_from").asString());
        assertThat(recordingCommandsTo(caller)).hasSize(3);
    }

    @Test
    void aRecordedCallsRecordingSavedAfterItsVoicemailMessageIsStillTheCallsAndTheMessageKeepsItsOwn() {
        bothRecordingsKept(recordedCallEndingInVoicemail(true));
    }

    @Test
    void aRecordedCallThatEndsInVoicemailReportsItsOwnRecordingsCopyInTheCallLogNotTheMessages() {
        carrier.failDownloads.set(1); // the first copy tried, the call's recording (saved first), fails once
        recordedCallEndingInVoicemail(false);
        var call = call();
        assertThat(call.get("recording_media_id")).isNull();
        assertThat(message().get("media_id")).as("the message's copy worked").isNotNull();
        var logged = owner.get("/api/v1/call-logs/" + call.get("id")).json().get("call");
        assertThat(logged.get("recording_status").asString()).isEqualTo("FETCHING");
        assertThat(logged.get("recording_error").asString()).startsWith("try 1 failed: HTTP 503");
        later(20);
        logged = owner.get("/api/v1/call-logs?limit=1").json().get(0);
        assertThat(logged.get("recording_status").asString()).isEqualTo("STORED");
        assertThat(downloadsOf(call.get("recording_url"))).isEqualTo(2);
        assertThat(downloadsOf(message().get("carrier_audio_url"))).isEqualTo(1);
    }

    @Autowired
    dev.switchboard.voicemail.Voicemails voicemails;

    @Test
    void nodesRacingForTheSameDueCopiesTryEachOnce() throws Exception {
        carrier.failDownloads.set(-1);
        var urls = new java.util.ArrayList<String>();
        for (int i = 0; i < 8; i++) {
            var url = "http://simulator.local/recordings/" + UUID.randomUUID() + ".mp3";
            urls.add(url);
            var from = "+1773555010" + i;
            // Deposited by a node that died before its first try: due once the grace is over.
            inCompany(() -> voicemails.deposit(null, UUID.randomUUID(), from, sim.clock().instant(), 5, url));
        }
        sim.advance(Duration.ofMinutes(2));
        try (var nodes = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            var start = new java.util.concurrent.CountDownLatch(1);
            var runs = new java.util.ArrayList<java.util.concurrent.Future<Integer>>();
            for (int n = 0; n < 4; n++) {
                runs.add(nodes.submit(() -> {
                    start.await();
                    return downloads.retryDue();
                }));
            }
            start.countDown();
            for (var run : runs) {
                run.get();
            }
        }
        assertThat(urls).allSatisfy(url -> assertThat(downloadsOf(url)).as(url).isEqualTo(1));
        var tries = inCompany(() -> jdbc.sql("select audio_fetch_attempts from voicemail_messages where company_id = :c")
                .param("c", company.value()).query(Integer.class).list());
        assertThat(tries).hasSize(8).containsOnly(1);
    }
}
