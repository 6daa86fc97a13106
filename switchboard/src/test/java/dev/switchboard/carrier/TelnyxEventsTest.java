package dev.switchboard.carrier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.calls.CallSignal;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Real delivery shapes from the reference (§1.2, §1.5) become the right signals. */
class TelnyxEventsTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    static CallSignal signal(String json) {
        return TelnyxEvents.signal(TelnyxEvents.envelope(JSON.readTree(json)));
    }

    @Test
    void anIncomingCallWithNullClientStateAndUnknownFields() {
        var s = signal("""
                {"data":{"event_type":"call.initiated","id":"b97d4d5e-6fe7-4432-911f-79637bf6ebb7","occurred_at":"2025-11-23T03:30:00.076316Z",
                 "payload":{"call_control_id":"v3:2EC-70CTEjlUq3tDM0CxKXIt5","call_leg_id":"b0e6224c","call_session_id":"b0e6141e",
                 "caller_id_name":"+18124040851","calling_party_type":"pstn","client_state":null,"connection_id":"2811212257810187875",
                 "direction":"incoming","from":"+18124040851","from_sip_uri":"8124040851@206.147.72.186:5060","offered_codecs":"PCMU,G729",
                 "start_time":"2025-11-23T03:30:00.076316Z","state":"parked","to":"+13057864498","brand_new_field":{"x":1}},
                 "record_type":"event"},"meta":{"attempt":1,"delivered_to":"https://example.test/hook"}}
                """);
        var initiated = (CallSignal.Initiated) s;
        assertThat(initiated.incoming()).isTrue();
        assertThat(initiated.from()).isEqualTo("+18124040851");
        assertThat(initiated.to()).isEqualTo("+13057864498");
        assertThat(initiated.legId()).isEqualTo("v3:2EC-70CTEjlUq3tDM0CxKXIt5");
        assertThat(initiated.clientState()).isNull();
        assertThat(initiated.occurredAt()).isEqualTo(Instant.parse("2025-11-23T03:30:00.076316Z"));
    }

    @Test
    void answeredAndHangupWithoutStateOrDirection() {
        var answered = signal("""
                {"data":{"event_type":"call.answered","id":"6513c729","occurred_at":"2025-11-23T03:30:00.996306Z",
                 "payload":{"call_control_id":"v3:abc","call_session_id":"s1","client_state":"eyJjYWxsIjoxfQ==","codec":"PCMU"},
                 "record_type":"event"}}
                """);
        assertThat(answered).isInstanceOf(CallSignal.Answered.class);
        assertThat(answered.clientState()).isEqualTo("{\"call\":1}");
        var hangup = (CallSignal.Hangup) signal("""
                {"data":{"event_type":"call.hangup","id":"b7f7dc2a","occurred_at":"2025-11-23T03:30:30.816307Z",
                 "payload":{"call_control_id":"v3:abc","call_quality_stats":{"inbound":{"mos":"4.50"}},"client_state":null,
                 "hangup_cause":"normal_clearing","hangup_source":"caller","sip_hangup_cause":"200"},"record_type":"event"}}
                """);
        assertThat(hangup.reason()).isEqualTo(CallSignal.Reason.NORMAL);
        assertThat(hangup.carrierCause()).isEqualTo("normal_clearing");
        assertThat(hangup.side()).isEqualTo(CallSignal.Side.CALLER);
    }

    @Test
    void gatherRecordingTranscriptionAndUnknownEvents() {
        var gather = (CallSignal.DigitsGathered) signal("""
                {"data":{"event_type":"call.gather.ended","id":"0ccc7b54","occurred_at":"2018-02-02T22:25:27.521992Z",
                 "payload":{"call_control_id":"v3:Md","client_state":"aGF2ZSBhIG5pY2UgZGF5ID1d","digits":"123","status":"valid"}}}
                """);
        assertThat(gather.digits()).isEqualTo("123");
        assertThat(gather.end()).isEqualTo(CallSignal.GatherEnd.VALID);
        assertThat(gather.clientState()).isEqualTo("have a nice day =]");
        var recording = (CallSignal.RecordingSaved) signal("""
                {"data":{"event_type":"call.recording.saved","id":"r1","payload":{"call_control_id":"v3:Md",
                 "recording_urls":{"mp3":"http://example.com/recording.mp3","wav":"http://example.com/recording.wav"},
                 "recording_started_at":"2018-02-02T22:20:27.521992Z","recording_ended_at":"2018-02-02T22:20:57.521992Z"}}}
                """);
        assertThat(recording.mp3Url()).isEqualTo("http://example.com/recording.mp3");
        assertThat(recording.startedAt()).isEqualTo(Instant.parse("2018-02-02T22:20:27.521992Z"));
        assertThat(recording.endedAt()).isEqualTo(Instant.parse("2018-02-02T22:20:57.521992Z"));
        assertThat(recording.recordingId()).as("not in the spec's schema: none here").isNull();
        var withId = (CallSignal.RecordingSaved) signal("""
                {"data":{"event_type":"call.recording.saved","id":"r2","payload":{"call_control_id":"v3:Md",
                 "recording_id":"428c31b6-7af4-4bcb-b7f5-5013ef9657c2","recording_urls":{"mp3":"http://example.com/r2.mp3"}}}}
                """);
        assertThat(withId.recordingId()).isEqualTo("428c31b6-7af4-4bcb-b7f5-5013ef9657c2");
        // The public URLs (an account feature) stay valid as long as the file exists; the others expire in 10 minutes.
        // Given, they are the ones to copy from (a copy retried after an outage still finds the audio); alone, they are used.
        var both = (CallSignal.RecordingSaved) signal("""
                {"data":{"event_type":"call.recording.saved","id":"r3","payload":{"call_control_id":"v3:Md",
                 "public_recording_urls":{"mp3":"http://example.com/public.mp3","wav":"http://example.com/public.wav"},
                 "recording_urls":{"mp3":"http://example.com/expiring.mp3","wav":"http://example.com/expiring.wav"}}}}
                """);
        assertThat(both.mp3Url()).isEqualTo("http://example.com/public.mp3");
        assertThat(both.wavUrl()).isEqualTo("http://example.com/public.wav");
        var publicOnly = (CallSignal.RecordingSaved) signal("""
                {"data":{"event_type":"call.recording.saved","id":"r4","payload":{"call_control_id":"v3:Md",
                 "public_recording_urls":{"mp3":"http://example.com/public.mp3"},"recording_urls":{}}}}
                """);
        assertThat(publicOnly.mp3Url()).isEqualTo("http://example.com/public.mp3");
        var text = (CallSignal.Transcribed) signal("""
                {"data":{"event_type":"call.transcription","id":"t1","payload":{"call_control_id":"v3:Md",
                 "transcription_data":{"confidence":0.97,"is_final":true,"transcript":"hello this is a test"}}}}
                """);
        assertThat(text.transcript()).isEqualTo("hello this is a test");
        assertThat(text.isFinal()).isTrue();
        var other = (CallSignal.Other) signal("{\"data\":{\"event_type\":\"call.machine.greeting.ended\",\"id\":\"m1\",\"payload\":{}}}");
        assertThat(other.type()).isEqualTo("call.machine.greeting.ended");
        assertThat(signal("{\"data\":{\"event_type\":\"call.answered\",\"id\":\"x\",\"payload\":{\"call_control_id\":\"v3:x\",\"client_state\":\"%%%\"}}}")
                .clientState()).isNull();
    }

    @Test
    void telnyxsHangupCausesGatherAndPromptStatusesInOurWords() {
        // Every value of the spec's enums maps to one of ours; unknown ones to the safe default.
        assertThat(java.util.stream.Stream.of("call_rejected", "normal_clearing", "originator_cancel", "timeout", "time_limit", "user_busy",
                "not_found", "no_answer", "unspecified").map(TelnyxEvents::reason)).containsExactly(CallSignal.Reason.REJECTED,
                CallSignal.Reason.NORMAL, CallSignal.Reason.CANCELLED, CallSignal.Reason.NO_ANSWER, CallSignal.Reason.TIME_LIMIT,
                CallSignal.Reason.BUSY, CallSignal.Reason.NOT_FOUND, CallSignal.Reason.NO_ANSWER, CallSignal.Reason.OTHER);
        assertThat(TelnyxEvents.reason(null)).isEqualTo(CallSignal.Reason.OTHER);
        assertThat(java.util.stream.Stream.of("caller", "callee", "unknown", null).map(TelnyxEvents::side))
                .containsExactly(CallSignal.Side.CALLER, CallSignal.Side.CALLEE, CallSignal.Side.UNKNOWN, CallSignal.Side.UNKNOWN);
        assertThat(java.util.stream.Stream.of("valid", "invalid", "call_hangup", "cancelled", "cancelled_amd", "timeout", "other")
                .map(TelnyxEvents::gatherEnd)).containsExactly(CallSignal.GatherEnd.VALID, CallSignal.GatherEnd.INVALID,
                CallSignal.GatherEnd.CALLER_GONE, CallSignal.GatherEnd.STOPPED, CallSignal.GatherEnd.STOPPED, CallSignal.GatherEnd.TIMEOUT,
                CallSignal.GatherEnd.FAILED);
        assertThat(java.util.stream.Stream.of("file_not_found", "call_hangup", "unknown", "cancelled", "cancelled_amd", "completed", "failed")
                .map(TelnyxEvents::promptEnd)).containsExactly(CallSignal.PromptEnd.FAILED, CallSignal.PromptEnd.CALLER_GONE,
                CallSignal.PromptEnd.FAILED, CallSignal.PromptEnd.STOPPED, CallSignal.PromptEnd.STOPPED, CallSignal.PromptEnd.COMPLETED,
                CallSignal.PromptEnd.FAILED);
        // A leg's record keeps the reason in words, and reads it back.
        for (var reason : CallSignal.Reason.values()) {
            assertThat(CallSignal.Reason.fromStored(reason.stored())).isEqualTo(reason);
        }
    }

    @Test
    void aRecordingsTranscriptionAsTheSpecShowsIt() {
        // The example of callRecordingTranscriptionSaved in Telnyx's OpenAPI, in a delivery's envelope.
        var s = signal("""
                {"data":{"event_type":"call.recording.transcription.saved","id":"898e96ef-be63-45aa-9e7d-01332bff9a97",
                 "occurred_at":"2025-02-19T17:02:49.371454Z","payload":{
                  "call_control_id":"v3:MdI91X4lWFEs7IgbBEOT9M4AigoY08M0WWZFISt1Yw2axZ_IiE4pqg",
                  "call_leg_id":"428c31b6-7af4-4bcb-b7f5-5013ef9657c1","call_session_id":"428c31b6-7af4-4bcb-b7f5-5013ef9657c1",
                  "calling_party_type":"pstn","client_state":"aGF2ZSBhIG5pY2UgZGF5ID1d","connection_id":"7267xxxxxxxxxxxxxx",
                  "recording_id":"428c31b6-7af4-4bcb-b7f5-5013ef9657c2","recording_transcription_id":"428c31b6-7af4-4bcb-b7f5-5013ef9657c3",
                  "status":"completed","transcription_text":"Hi!"},"record_type":"event"},"meta":{"attempt":1}}
                """);
        var transcribed = (CallSignal.RecordingTranscribed) s;
        assertThat(transcribed.legId()).isEqualTo("v3:MdI91X4lWFEs7IgbBEOT9M4AigoY08M0WWZFISt1Yw2axZ_IiE4pqg");
        assertThat(transcribed.recordingId()).isEqualTo("428c31b6-7af4-4bcb-b7f5-5013ef9657c2");
        assertThat(transcribed.completed()).isTrue();
        assertThat(transcribed.text()).isEqualTo("Hi!");
        assertThat(transcribed.clientState()).isEqualTo("have a nice day =]");
        assertThat(transcribed.occurredAt()).isEqualTo(Instant.parse("2025-02-19T17:02:49.371454Z"));
    }

    @Test
    void aRecordingSavedAsTelnyxsSchemaHasItNamesItsCallByItsClientStateAloneAndWithNeitherIsRefused() {
        // The spec's CallRecordingSaved payload: no call_control_id.
        var saved = (CallSignal.RecordingSaved) signal("""
                {"data":{"event_type":"call.recording.saved","id":"0ccc7b54-4df3-4bca-a65a-3da1ecc777f0",
                 "occurred_at":"2018-02-02T22:25:27.521992Z","record_type":"event",
                 "payload":{"call_leg_id":"428c31b6-7af4-4bcb-b7f5-5013ef9657c1","call_session_id":"428c31b6-abf3-3bc1-b7f4-5013ef9657c1",
                  "channels":"single","client_state":"aGF2ZSBhIG5pY2UgZGF5ID1d","connection_id":"7267xxxxxxxxxxxxxx",
                  "recording_started_at":"2019-12-12T09:00:00.000Z","recording_ended_at":"2019-12-12T09:00:42.000Z",
                  "recording_urls":{"mp3":"http://example.com/recording.mp3","wav":"http://example.com/recording.wav"}}}}
                """);
        assertThat(saved.legId()).isNull();
        assertThat(saved.clientState()).isEqualTo("have a nice day =]");
        assertThat(saved.mp3Url()).isEqualTo("http://example.com/recording.mp3");
        assertThatThrownBy(() -> signal("""
                {"data":{"event_type":"call.recording.saved","id":"r9","payload":{"call_leg_id":"428c31b6",
                 "recording_urls":{"mp3":"http://example.com/recording.mp3"}}}}
                """)).hasMessageContaining("data.payload.call_control_id and data.payload.client_state");
    }

    @Test
    void machineDetectionResultsAsTheSpecShowsThemAndOneNamingNoCallIsRefused() {
        // The reference's example (§2, AMD): the common payload and a result.
        var machine = (CallSignal.MachineDetected) signal("""
                {"data":{"event_type":"call.machine.detection.ended","id":"0ccc7b54-4df3-4bca-a65a-3da1ecc777f1",
                 "occurred_at":"2018-02-02T22:25:27.521992Z","record_type":"event",
                 "payload":{"call_control_id":"v3:abc","call_leg_id":"428c31b6","call_session_id":"s1","client_state":null,
                  "connection_id":"7267","from":"+35319605860","to":"+13129457420","result":"machine"}}}
                """);
        assertThat(machine.legId()).isEqualTo("v3:abc");
        assertThat(machine.answerer()).isEqualTo(CallSignal.Answerer.MACHINE);
        assertThat(machine.to()).as("the number the leg was dialled to").isEqualTo("+13129457420");
        for (var result : new String[] {"human", "not_sure", "", "a_future_value"}) {
            var s = (CallSignal.MachineDetected) signal("""
                    {"data":{"event_type":"call.machine.detection.ended","id":"m-%s","payload":{"call_control_id":"v3:abc","result":"%s"}}}
                    """.formatted(result, result));
            assertThat(s.answerer()).as(result).isEqualTo(result.equals("human") ? CallSignal.Answerer.HUMAN : CallSignal.Answerer.NOT_SURE);
        }
        var premium = (CallSignal.MachineDetected) signal("""
                {"data":{"event_type":"call.machine.premium.detection.ended","id":"p1","payload":{"call_control_id":"v3:abc",
                 "result":"human_business"}}}
                """);
        assertThat(premium.answerer()).isEqualTo(CallSignal.Answerer.HUMAN);
        assertThat(TelnyxEvents.answerer("fax_detected")).isEqualTo(CallSignal.Answerer.NOT_SURE);
        assertThatThrownBy(() -> signal("""
                {"data":{"event_type":"call.machine.detection.ended","id":"m9","payload":{"result":"machine"}}}
                """)).hasMessageContaining("data.payload.call_control_id");
    }

    @Test
    void envelopesWithoutIdOrTypeAreRefused() {
        assertThatThrownBy(() -> signal("{\"data\":{\"event_type\":\"call.answered\"}}")).hasMessageContaining("data.id");
        assertThatThrownBy(() -> signal("{\"data\":{\"id\":\"x\"}}")).hasMessageContaining("data.event_type");
        assertThatThrownBy(() -> signal("[]")).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> signal("{\"data\":{\"id\":\"x\",\"event_type\":\"a\",\"payload\":[1]}}")).hasMessageContaining("payload");
    }

    @Test
    void instantsOutsideTheYears2000To2099AreTakenAsAbsentAndNonWebRecordingAddressesAsNone() {
        // Found by a probe of signed webhooks: one beyond PostgreSQL's range failed the event's storing (a 500), year 10000 or
        // a year BC left the call unreadable for every later event, 1970 made the call's length overflow.
        for (var at : java.util.List.of("+300000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z",
                "1970-01-01T00:00:00Z", "2100-01-01T00:00:00Z")) {
            var hangup = signal("""
                    {"data":{"event_type":"call.hangup","id":"h1","occurred_at":"%s",
                     "payload":{"call_control_id":"v3:abc","hangup_cause":"normal_clearing"},"record_type":"event"}}
                    """.formatted(at));
            assertThat(hangup.occurredAt()).as(at).isNull();
        }
        var saved = (CallSignal.RecordingSaved) signal("""
                {"data":{"event_type":"call.recording.saved","id":"r1","occurred_at":"2026-11-25T12:00:00Z",
                 "payload":{"call_control_id":"v3:abc","recording_started_at":"2026-11-25T11:59:00Z","recording_ended_at":"+99999-01-01T00:00:00Z",
                 "recording_urls":{"mp3":"file:///etc/passwd"},"public_recording_urls":{"mp3":"javascript:alert(1)"}},"record_type":"event"}}
                """);
        assertThat(saved.occurredAt()).isEqualTo(Instant.parse("2026-11-25T12:00:00Z"));
        assertThat(saved.endedAt()).isNull();
        assertThat(saved.mp3Url()).isNull();
    }

    @Test
    void anIdOrANumberLongerThanAnyTelnyxSendsIsRefusedNamingIt() {
        var long300 = "v3:" + "a1b2c3d4e5".repeat(30);
        assertThatThrownBy(() -> signal("""
                {"data":{"event_type":"call.answered","id":"a1","occurred_at":"2026-11-25T12:00:00Z",
                 "payload":{"call_control_id":"%s"},"record_type":"event"}}
                """.formatted(long300))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("data.payload.call_control_id is longer than 256 characters");
        assertThatThrownBy(() -> signal("""
                {"data":{"event_type":"call.initiated","id":"i1","occurred_at":"2026-11-25T12:00:00Z",
                 "payload":{"call_control_id":"v3:abc","direction":"incoming","from":"+1%s","to":"+13125550100"},"record_type":"event"}}
                """.formatted("3125550150".repeat(30)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("data.payload.from is longer than 256 characters");
    }
}
