package dev.switchboard.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The simulator on its own, in virtual time, with a sink that records (and checks) what it is sent. */
class TelnyxSimulatorTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final byte[] SEED = Base64.getDecoder().decode("i1xxSkIuQOY9H8laaRslIoYGTJ1NwBAFdjsQwiwJH04=");
    static final byte[] PUBLIC = Base64.getDecoder().decode("jrMBoswHlhhVx2W2Www72WU/xn4UMpjreslD0m2u0qs=");

    record Received(Map<String, String> headers, JsonNode body, String raw) {
        String type() {
            return body.path("data").path("event_type").asString();
        }

        JsonNode payload() {
            return body.path("data").path("payload");
        }
    }

    final List<Received> received = new ArrayList<>();
    int answerWith = 200;
    SimClock clock;
    TelnyxSimulator sim;

    @BeforeEach
    void start() {
        clock = new SimClock(Instant.parse("2026-11-25T18:00:00Z"));
        sim = new TelnyxSimulator(new TelnyxSimulator.Config("conn-1", "http://app.local/api/telnyx/webhooks", SEED, Duration.ofSeconds(1)),
                clock, (url, headers, body) -> {
                    received.add(new Received(headers, JSON.readTree(body), body));
                    return answerWith;
                });
    }

    List<String> types() {
        return received.stream().map(Received::type).toList();
    }

    String leg(int index) {
        return received.get(index).payload().path("call_control_id").asString();
    }

    TelnyxSimulator.Response post(String leg, String action, String body) {
        return sim.handle("POST", "/v2/calls/" + leg + "/actions/" + action, body);
    }

    @Test
    void anIncomingCallArrivesParkedAndSignedLikeARealDelivery() {
        sim.call("+17735550123", "+13125550100");
        var first = received.getFirst();
        assertThat(first.type()).isEqualTo("call.initiated");
        assertThat(first.payload().path("state").asString()).isEqualTo("parked");
        assertThat(first.payload().path("direction").asString()).isEqualTo("incoming");
        assertThat(first.payload().get("client_state").isNull()).isTrue();
        assertThat(first.payload().path("call_control_id").asString()).startsWith("v3:");
        assertThat(first.body().path("meta").path("attempt").asInt()).isEqualTo(1);
        var message = (first.headers().get("telnyx-timestamp") + "|" + first.raw()).getBytes(StandardCharsets.UTF_8);
        var signature = Base64.getDecoder().decode(first.headers().get("telnyx-signature-ed25519"));
        assertThat(Ed25519.verify(signature, 0, PUBLIC, 0, message, 0, message.length)).isTrue();
        assertThat(first.headers().get("telnyx-timestamp")).isEqualTo(String.valueOf(clock.instant().getEpochSecond()));
        assertThat(sim.publicKey()).isEqualTo(Base64.getEncoder().encodeToString(PUBLIC));
    }

    @Test
    void aTextToTheAppsNumberArrivesAsASignedMessageReceivedInTelnyxsShapeAndIsRetriedLikeAnyWebhook() {
        answerWith = 503;
        var messageId = sim.receiveText("+17735550123", "+13125550100", "STOP");
        assertThat(types()).containsExactly("message.received");
        answerWith = 200;
        sim.advance(Duration.ofSeconds(1));
        assertThat(types()).as("retried after the retry delay").containsExactly("message.received", "message.received");
        var last = received.getLast();
        assertThat(last.body().path("data").path("id").asString()).as("the same event on every attempt")
                .isEqualTo(received.getFirst().body().path("data").path("id").asString());
        assertThat(last.body().path("meta").path("attempt").asInt()).isEqualTo(2);
        var p = last.payload();
        assertThat(p.path("id").asString()).isEqualTo(messageId);
        assertThat(p.path("record_type").asString()).isEqualTo("message");
        assertThat(p.path("direction").asString()).isEqualTo("inbound");
        assertThat(p.path("from").path("phone_number").asString()).isEqualTo("+17735550123");
        assertThat(p.path("to").get(0).path("phone_number").asString()).isEqualTo("+13125550100");
        assertThat(p.path("text").asString()).isEqualTo("STOP");
        assertThat(p.has("call_control_id")).isFalse();
        var message = (last.headers().get("telnyx-timestamp") + "|" + last.raw()).getBytes(StandardCharsets.UTF_8);
        var signature = Base64.getDecoder().decode(last.headers().get("telnyx-signature-ed25519"));
        assertThat(Ed25519.verify(signature, 0, PUBLIC, 0, message, 0, message.length)).isTrue();
    }

    @Test
    void mediaBeforeAnswerIsRefusedAndAfterAnswerPlaysInVirtualTime() {
        var caller = sim.call("+17735550123", "+13125550100");
        var leg = caller.callControlId();
        var early = post(leg, "speak", "{\"payload\":\"Hello\",\"voice\":\"AWS.Polly.Joanna\"}");
        assertThat(early.status()).isEqualTo(422);
        assertThat(early.body()).contains("90034");
        assertThat(post(leg, "answer", "{\"command_id\":\"a1\"}").status()).isEqualTo(200);
        assertThat(types()).containsExactly("call.initiated", "call.answered");
        assertThat(received.get(1).payload().has("state")).isFalse();
        post(leg, "speak", "{\"payload\":\"Thanks for calling Demo Plumbing\",\"voice\":\"AWS.Polly.Joanna\",\"client_state\":\"eyJzdGVwIjoxfQ==\"}");
        assertThat(types()).endsWith("call.speak.started");
        sim.advance(Duration.ofSeconds(1));
        assertThat(types()).doesNotContain("call.speak.ended");
        sim.advance(Duration.ofSeconds(1));
        assertThat(types()).endsWith("call.speak.ended");
        assertThat(received.getLast().payload().path("client_state").asString()).isEqualTo("eyJzdGVwIjoxfQ==");
        assertThat(caller.heard()).containsExactly("Thanks for calling Demo Plumbing");
    }

    @Test
    void gatherCollectsWhatTheCallerPressesOrTimesOut() {
        var caller = sim.call("+17735550123", "+13125550100");
        var leg = caller.callControlId();
        post(leg, "answer", "{}");
        post(leg, "gather_using_speak", "{\"payload\":\"Press 1 for sales\",\"voice\":\"AWS.Polly.Joanna\",\"minimum_digits\":1,\"maximum_digits\":1,\"timeout_millis\":5000}");
        caller.press("1");
        var ended = received.stream().filter(r -> r.type().equals("call.gather.ended")).toList();
        assertThat(ended).hasSize(1);
        assertThat(ended.getFirst().payload().path("digits").asString()).isEqualTo("1");
        assertThat(ended.getFirst().payload().path("status").asString()).isEqualTo("valid");

        post(leg, "gather_using_speak", "{\"payload\":\"Press 1 for sales\",\"voice\":\"AWS.Polly.Joanna\",\"timeout_millis\":5000,\"maximum_tries\":1}");
        sim.advance(Duration.ofSeconds(6));
        assertThat(types().stream().filter(t -> t.equals("call.gather.ended")).count()).isEqualTo(1);
        sim.advance(Duration.ofSeconds(1));
        var timeout = received.stream().filter(r -> r.type().equals("call.gather.ended")).toList().getLast();
        assertThat(timeout.payload().path("status").asString()).isEqualTo("timeout");
    }

    @Test
    void dialRingsAScriptedPhoneAndTheRingTimeoutHangsUp() {
        sim.phone("sip:ann@demo.sip.telnyx.com", PhoneScript.answerAfter(Duration.ofSeconds(3)));
        var caller = sim.call("+17735550123", "+13125550100");
        post(caller.callControlId(), "answer", "{}");
        var dialled = sim.handle("POST", "/v2/calls", "{\"connection_id\":\"conn-1\",\"from\":\"+13125550100\","
                + "\"to\":\"sip:ann@demo.sip.telnyx.com\",\"timeout_secs\":20,\"link_to\":\"" + caller.callControlId() + "\"}");
        assertThat(dialled.status()).isEqualTo(200);
        var annLeg = JSON.readTree(dialled.body()).path("data").path("call_control_id").asString();
        assertThat(sim.leg(annLeg).sessionId()).isEqualTo(caller.leg().sessionId());
        sim.advance(Duration.ofSeconds(2));
        assertThat(sim.leg(annLeg).state()).isEqualTo(Leg.State.RINGING);
        sim.advance(Duration.ofSeconds(1));
        assertThat(sim.leg(annLeg).state()).isEqualTo(Leg.State.ANSWERED);
        assertThat(post(caller.callControlId(), "bridge", "{\"call_control_id\":\"" + annLeg + "\"}").status()).isEqualTo(200);
        assertThat(types()).endsWith("call.bridged", "call.bridged");

        var never = sim.handle("POST", "/v2/calls", "{\"connection_id\":\"conn-1\",\"from\":\"+13125550100\",\"to\":\"+17735550999\",\"timeout_secs\":20}");
        var neverLeg = JSON.readTree(never.body()).path("data").path("call_control_id").asString();
        sim.advance(Duration.ofSeconds(20));
        assertThat(sim.leg(neverLeg).state()).isEqualTo(Leg.State.ENDED);
        assertThat(sim.leg(neverLeg).hangupCause()).isEqualTo("timeout");

        caller.hangUp();
        assertThat(sim.leg(annLeg).state()).isEqualTo(Leg.State.ENDED);
        var hangups = received.stream().filter(r -> r.type().equals("call.hangup")).map(r -> r.payload().path("hangup_source").asString()).toList();
        assertThat(hangups).contains("caller");
    }

    @Test
    void aRingingLegCanBeBridgedWithARingtoneAndTheCallerParksWhenItGoesUnanswered() {
        sim.phone("sip:ann@demo.sip.telnyx.com", new PhoneScript.NeverAnswer());
        sim.phone("sip:bob@demo.sip.telnyx.com", PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var caller = sim.call("+17735550123", "+13125550100");
        post(caller.callControlId(), "answer", "{}");
        var ann = dial("sip:ann@demo.sip.telnyx.com", caller.callControlId());
        assertThat(post(caller.callControlId(), "bridge", "{\"call_control_id\":\"" + ann + "\",\"play_ringtone\":true,"
                + "\"park_after_unbridge\":\"self\"}").status()).isEqualTo(200);
        assertThat(caller.leg().bridgedWith()).isEqualTo(ann);
        assertThat(caller.heard()).containsExactly("(ringtone)");
        sim.advance(Duration.ofSeconds(20));
        // Ann's phone timed out: the caller stays up, parked, unbridged.
        assertThat(sim.leg(ann).state()).isEqualTo(Leg.State.ENDED);
        assertThat(caller.state()).isEqualTo(Leg.State.ANSWERED);
        assertThat(caller.leg().bridgedWith()).isNull();
        // Bridged to Bob's ringing phone without parking: when Bob answers they talk, and when Bob hangs up so does the caller.
        var bob = dial("sip:bob@demo.sip.telnyx.com", caller.callControlId());
        assertThat(post(caller.callControlId(), "bridge", "{\"call_control_id\":\"" + bob + "\",\"play_ringtone\":true}").status()).isEqualTo(200);
        sim.advance(Duration.ofSeconds(2));
        assertThat(sim.leg(bob).state()).isEqualTo(Leg.State.ANSWERED);
        assertThat(types()).endsWith("call.answered");
        assertThat(post(bob, "hangup", "{}").status()).isEqualTo(200);
        assertThat(caller.state()).isEqualTo(Leg.State.ENDED);
    }

    @Test
    void aRingingLegBridgedToACallerWhoHangsUpIsCancelledNotCleared() {
        sim.phone("sip:ann@demo.sip.telnyx.com", new PhoneScript.NeverAnswer());
        var caller = sim.call("+17735550123", "+13125550100");
        post(caller.callControlId(), "answer", "{}");
        var ann = dial("sip:ann@demo.sip.telnyx.com", caller.callControlId());
        assertThat(post(caller.callControlId(), "bridge", "{\"call_control_id\":\"" + ann + "\",\"play_ringtone\":true,"
                + "\"park_after_unbridge\":\"self\"}").status()).isEqualTo(200);
        sim.advance(Duration.ofSeconds(3));
        caller.hangUp();
        var annLeg = sim.leg(ann);
        assertThat(annLeg.state()).isEqualTo(Leg.State.ENDED);
        assertThat(annLeg.hangupCause()).as("it was never answered").isEqualTo("originator_cancel");
    }

    @Test
    void aRingingLegIsBridgedWithoutPlayRingtoneTooAndTheCallerThenHearsNoRingtone() {
        sim.phone("sip:ann@demo.sip.telnyx.com", PhoneScript.answerAfter(Duration.ofSeconds(5)));
        var caller = sim.call("+17735550123", "+13125550100");
        post(caller.callControlId(), "answer", "{}");
        var ann = dial("sip:ann@demo.sip.telnyx.com", caller.callControlId());
        var response = post(caller.callControlId(), "bridge", "{\"call_control_id\":\"" + ann + "\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(caller.leg().bridgedWith()).isEqualTo(ann);
        assertThat(caller.heard()).doesNotContain("(ringtone)");
        sim.advance(Duration.ofSeconds(5));
        assertThat(sim.leg(ann).state()).isEqualTo(Leg.State.ANSWERED);
        assertThat(caller.leg().bridgedWith()).isEqualTo(ann);
    }

    String dial(String to, String linkTo) {
        var dialled = sim.handle("POST", "/v2/calls", "{\"connection_id\":\"conn-1\",\"from\":\"+13125550100\",\"to\":\"" + to
                + "\",\"timeout_secs\":20,\"link_to\":\"" + linkTo + "\"}");
        assertThat(dialled.status()).isEqualTo(200);
        return JSON.readTree(dialled.body()).path("data").path("call_control_id").asString();
    }

    @Test
    void busyAndRejectingPhonesEndWithTheirCauses() {
        sim.phone("+17735550001", new PhoneScript.Busy());
        sim.phone("+17735550002", new PhoneScript.Reject());
        var busy = JSON.readTree(sim.handle("POST", "/v2/calls", "{\"connection_id\":\"conn-1\",\"from\":\"+13125550100\",\"to\":\"+17735550001\"}").body());
        var reject = JSON.readTree(sim.handle("POST", "/v2/calls", "{\"connection_id\":\"conn-1\",\"from\":\"+13125550100\",\"to\":\"+17735550002\"}").body());
        sim.advance(Duration.ofSeconds(1));
        assertThat(sim.leg(busy.path("data").path("call_control_id").asString()).hangupCause()).isEqualTo("user_busy");
        assertThat(sim.leg(reject.path("data").path("call_control_id").asString()).hangupCause()).isEqualTo("call_rejected");
    }

    @Test
    void refusesWhatRealTelnyxWouldRefuse() {
        var caller = sim.call("+17735550123", "+13125550100");
        var leg = caller.callControlId();
        var invalid = post(leg, "speak", "{\"voice\":\"AWS.Polly.Joanna\"}");
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.body()).contains("payload");
        var badState = post(leg, "answer", "{\"client_state\":\"not base64!!\"}");
        assertThat(badState.status()).isEqualTo(422);
        assertThat(badState.body()).contains("client_state");
        assertThat(post("v3:nope", "hangup", "{}").body()).contains("90015");
        caller.hangUp();
        var ended = post(leg, "hangup", "{}");
        assertThat(ended.status()).isEqualTo(422);
        assertThat(ended.body()).contains("90018");
    }

    JsonNode firstError(TelnyxSimulator.Response response) {
        return JSON.readTree(response.body()).path("errors").get(0);
    }

    @Test
    void aRefusedCommandCarriesTheErrorCodeTelnyxUsesForItsKind() {
        var caller = sim.call("+17735550123", "+13125550100");
        var leg = caller.callControlId();
        post(leg, "answer", "{}");
        var missing = post(leg, "speak", "{\"voice\":\"AWS.Polly.Joanna\"}");
        assertThat(missing.status()).isEqualTo(422);
        assertThat(firstError(missing).path("code").asString()).isEqualTo("10004");
        assertThat(firstError(missing).path("title").asString()).isEqualTo("Missing required parameter");
        assertThat(firstError(missing).path("detail").asString()).isEqualTo("The 'payload' parameter is required and cannot be blank.");
        assertThat(firstError(missing).path("source").path("pointer").asString()).isEqualTo("/payload");
        assertThat(firstError(missing).path("meta").path("url").asString()).endsWith("/errors/10004");

        var badEnum = post(leg, "record_start", "{\"format\":\"ogg\",\"channels\":\"single\"}");
        assertThat(badEnum.status()).isEqualTo(422);
        assertThat(firstError(badEnum).path("code").asString()).isEqualTo("10032");
        assertThat(firstError(badEnum).path("source").path("pointer").asString()).isEqualTo("/format");

        var outOfRange = sim.handle("POST", "/v2/calls", "{\"connection_id\":\"conn-1\",\"from\":\"+13125550100\",\"to\":\"+17735550999\","
                + "\"time_limit_secs\":14401}");
        assertThat(outOfRange.status()).isEqualTo(422);
        assertThat(firstError(outOfRange).path("code").asString()).isEqualTo("10033");
        assertThat(firstError(outOfRange).path("title").asString()).isEqualTo("Value outside of range");

        var notE164 = sim.handle("POST", "/v2/calls", "{\"connection_id\":\"conn-1\",\"from\":\"3125550100\",\"to\":\"+17735550999\"}");
        assertThat(notE164.status()).isEqualTo(422);
        assertThat(firstError(notE164).path("code").asString()).isEqualTo("10016");
        assertThat(firstError(notE164).path("source").path("pointer").asString()).isEqualTo("/from");

        var wrongType = post(leg, "speak", "{\"payload\":7,\"voice\":\"AWS.Polly.Joanna\"}");
        assertThat(wrongType.status()).isEqualTo(422);
        assertThat(firstError(wrongType).path("code").asString()).isEqualTo("10015");
        assertThat(post(leg, "speak", "{oops").status()).isEqualTo(400);
        assertThat(post(leg, "teleport", "{}").status()).isEqualTo(404);
        // Nothing refused was applied: no dial rang anyone, nothing was spoken.
        assertThat(sim.legs()).hasSize(1);
        assertThat(caller.heard()).isEmpty();
    }

    @Test
    void aDialOnAConnectionThatIsNotTheAccountsIsRefusedAsTelnyxRefusesAnUnknownOne() {
        var phone = "+17735550999";
        sim.phone(phone, PhoneScript.answerAfter(Duration.ofSeconds(1)));
        for (var connection : List.of("\"conn-2\"", "\"\"", "\"CONN-1\"", "\" conn-1\"")) {
            var refused = sim.handle("POST", "/v2/calls", "{\"connection_id\":" + connection + ",\"from\":\"+13125550100\",\"to\":\""
                    + phone + "\",\"command_id\":\"d-1\"}");
            assertThat(refused.status()).as(connection).isEqualTo(422);
            assertThat(firstError(refused).path("code").asString()).isEqualTo("10015");
            assertThat(firstError(refused).path("title").asString()).isEqualTo("Invalid value for connection_id (Call Control App ID)");
            assertThat(firstError(refused).path("detail").asString()).contains("connection_id").contains("invalid or does not exist");
            assertThat(firstError(refused).path("source").path("pointer").asString()).isEqualTo("/connection_id");
            assertThat(firstError(refused).path("meta").path("url").asString()).endsWith("/errors/10015");
        }
        sim.advance(Duration.ofSeconds(5));
        // Nothing was dialled: no leg, no webhook, and a command_id refused is free for the real dial.
        assertThat(sim.legs()).isEmpty();
        assertThat(received).isEmpty();
        var dialled = sim.handle("POST", "/v2/calls", "{\"connection_id\":\"conn-1\",\"from\":\"+13125550100\",\"to\":\""
                + phone + "\",\"command_id\":\"d-1\"}");
        assertThat(dialled.status()).as(dialled.body()).isEqualTo(200);
        sim.advance(Duration.ofSeconds(2));
        assertThat(types()).containsExactly("call.initiated", "call.answered");
        assertThat(received.getFirst().payload().path("connection_id").asString()).isEqualTo("conn-1");
    }

    @Test
    void aSimulatorCannotBeMadeWithoutItsConnectionId() {
        for (var blank : java.util.Arrays.asList(null, "", "  ")) {
            assertThatThrownBy(() -> new TelnyxSimulator.Config(blank, "http://app.local/hooks", SEED, Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connection id");
        }
    }

    @Test
    void aFailedCommandIsAnsweredWithTelnyxsErrorAndNotApplied() {
        var caller = sim.call("+17735550123", "+13125550100");
        sim.failNextCommands(2, 500);
        var failed = post(caller.callControlId(), "answer", "{\"command_id\":\"a1\"}");
        assertThat(failed.status()).isEqualTo(500);
        assertThat(firstError(failed).path("code").asString()).isEqualTo("10007");
        assertThat(sim.handle("POST", "/v2/calls", "{\"connection_id\":\"conn-1\",\"from\":\"+13125550100\",\"to\":\"+17735550999\"}")
                .status()).isEqualTo(500);
        assertThat(caller.state()).isEqualTo(Leg.State.PARKED);
        assertThat(sim.legs()).hasSize(1);
        assertThat(types()).containsExactly("call.initiated");
        // The same command again (same command_id): now applied, once.
        assertThat(post(caller.callControlId(), "answer", "{\"command_id\":\"a1\"}").status()).isEqualTo(200);
        assertThat(caller.state()).isEqualTo(Leg.State.ANSWERED);
        assertThat(types()).containsExactly("call.initiated", "call.answered");
        assertThat(sim.commands()).extracting(TelnyxSimulator.Command::status).containsExactly(500, 500, 200);
    }

    @Test
    void aCarrierDownRefusesEveryRequestUntilItIsBackWhileItsCallsGoOn() {
        var caller = sim.call("+17735550123", "+13125550100");
        sim.downFor(Duration.ofSeconds(30), 503);
        for (int i = 0; i < 4; i++) {
            assertThat(post(caller.callControlId(), "answer", "{\"command_id\":\"a1\"}").status()).as("try " + i).isEqualTo(503);
        }
        assertThat(sim.handle("GET", "/v2/calls/" + caller.callControlId(), null).status()).isEqualTo(503);
        assertThat(caller.state()).isEqualTo(Leg.State.PARKED);
        sim.advance(Duration.ofSeconds(29));
        assertThat(post(caller.callControlId(), "answer", "{\"command_id\":\"a1\"}").status()).isEqualTo(503);
        sim.advance(Duration.ofSeconds(1));
        assertThat(post(caller.callControlId(), "answer", "{\"command_id\":\"a1\"}").status()).as("back").isEqualTo(200);
        assertThat(caller.state()).isEqualTo(Leg.State.ANSWERED);
        assertThatThrownBy(() -> sim.downFor(Duration.ofSeconds(1), 429)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRepeatedCommandIdHasNoFurtherEffect() {
        var caller = sim.call("+17735550123", "+13125550100");
        var leg = caller.callControlId();
        post(leg, "answer", "{}");
        post(leg, "speak", "{\"payload\":\"Once\",\"voice\":\"AWS.Polly.Joanna\",\"command_id\":\"same\"}");
        post(leg, "speak", "{\"payload\":\"Once\",\"voice\":\"AWS.Polly.Joanna\",\"command_id\":\"same\"}");
        assertThat(caller.heard()).containsExactly("Once");
    }

    @Test
    void aRetriedDialWithTheSameCommandIdGetsTheFirstLegAndRingsNoSecondPhone() {
        var body = "{\"connection_id\":\"conn-1\",\"from\":\"+13125550100\",\"to\":\"sip:ann@demo.sip.telnyx.com\","
                + "\"command_id\":\"dial-1\"}";
        var first = sim.handle("POST", "/v2/calls", body);
        assertThat(first.status()).isEqualTo(200);
        sim.advance(Duration.ofSeconds(59));
        var retried = sim.handle("POST", "/v2/calls", body);
        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.body()).isEqualTo(first.body());
        assertThat(sim.legs()).hasSize(1);
        assertThat(types().stream().filter("call.initiated"::equals)).hasSize(1);
        // Another command_id is another call; the same one after its 60 s window is too.
        sim.handle("POST", "/v2/calls", body.replace("dial-1", "dial-2"));
        assertThat(sim.legs()).hasSize(2);
        sim.advance(Duration.ofSeconds(1));
        var later = sim.handle("POST", "/v2/calls", body);
        assertThat(JSON.readTree(later.body()).path("data").path("call_control_id").asString())
                .isNotEqualTo(JSON.readTree(first.body()).path("data").path("call_control_id").asString());
        assertThat(sim.legs()).hasSize(3);
    }

    @Test
    void recordingIsSavedAfterTheHangupWithUrls() {
        var caller = sim.call("+17735550123", "+13125550100");
        var leg = caller.callControlId();
        post(leg, "answer", "{}");
        post(leg, "record_start", "{\"format\":\"mp3\",\"channels\":\"single\",\"play_beep\":true,\"max_length\":120}");
        caller.talkThenHangUp(Duration.ofSeconds(12));
        // Reference §8.4: call.recording.saved comes after the leg's call.hangup.
        assertThat(types()).endsWith("call.hangup", "call.recording.saved");
        var saved = received.stream().filter(r -> r.type().equals("call.recording.saved")).toList();
        assertThat(saved).hasSize(1);
        assertThat(saved.getFirst().payload().path("recording_urls").path("mp3").asString()).endsWith(".mp3");
        assertThat(caller.heard()).containsExactly("(beep)");
    }

    @Test
    void aRecordingStartedWithTranscriptionIsTranscribedAfterItIsSavedWithWhatTheCallerSaid() {
        var caller = sim.call("+17735550123", "+13125550100");
        var leg = caller.callControlId();
        post(leg, "answer", "{}");
        var started = post(leg, "record_start", "{\"format\":\"mp3\",\"channels\":\"single\",\"play_beep\":true,\"max_length\":120,"
                + "\"transcription\":true,\"transcription_engine\":\"B\",\"transcription_language\":\"en-US\"}");
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        caller.leaveMessage(Duration.ofSeconds(12), "Hi, the boiler is leaking again, please call me back.");
        // Reference §8.4: the recording is saved after the hangup; its transcription comes later still.
        assertThat(types()).endsWith("call.hangup", "call.recording.saved").doesNotContain("call.recording.transcription.saved");
        var recordingId = received.stream().filter(r -> r.type().equals("call.recording.saved")).findFirst().orElseThrow()
                .payload().path("recording_id").asString();

        sim.advance(Duration.ofSeconds(5));
        var transcribed = received.getLast();
        assertThat(transcribed.type()).isEqualTo("call.recording.transcription.saved");
        assertThat(transcribed.payload().path("call_control_id").asString()).isEqualTo(leg);
        assertThat(transcribed.payload().path("recording_id").asString()).isEqualTo(recordingId);
        assertThat(transcribed.payload().path("status").asString()).isEqualTo("completed");
        assertThat(transcribed.payload().path("transcription_text").asString()).isEqualTo("Hi, the boiler is leaking again, please call me back.");
        assertThat(transcribed.payload().path("recording_transcription_id").asString()).isNotBlank();
    }

    @Test
    void aRecordingStartedWithoutTranscriptionIsNotTranscribed() {
        var caller = sim.call("+17735550123", "+13125550100");
        var leg = caller.callControlId();
        post(leg, "answer", "{}");
        post(leg, "record_start", "{\"format\":\"mp3\",\"channels\":\"single\",\"max_length\":120}");
        caller.leaveMessage(Duration.ofSeconds(12), "Hello?");
        sim.advance(Duration.ofMinutes(5));
        assertThat(types()).contains("call.recording.saved").doesNotContain("call.recording.transcription.saved");
    }

    @Test
    void faultsOnDemandDuplicateReorderAndFailThenRetry() {
        sim.duplicateNextDeliveries(1);
        var caller = sim.call("+17735550123", "+13125550100");
        assertThat(types()).containsExactly("call.initiated", "call.initiated");
        assertThat(received.get(0).body().path("data").path("id").asString())
                .isEqualTo(received.get(1).body().path("data").path("id").asString());

        post(caller.callControlId(), "answer", "{}");
        post(caller.callControlId(), "record_start", "{\"format\":\"mp3\",\"channels\":\"single\"}");
        received.clear();
        sim.reorderNextDeliveries(1);
        caller.hangUp();
        // The hangup, then the saved recording, as they happened; swapped in delivery.
        assertThat(types()).containsExactly("call.recording.saved", "call.hangup");

        received.clear();
        sim.failNextDeliveries(1);
        sim.call("+17735550124", "+13125550100");
        assertThat(received).isEmpty();
        assertThat(sim.deliveries().stream().filter(d -> d.status() == 503)).hasSize(1);
        sim.advance(Duration.ofSeconds(1));
        assertThat(received).hasSize(1);
        assertThat(received.getFirst().body().path("meta").path("attempt").asInt()).isEqualTo(2);
    }

    @Test
    void aFailedDeliveryIsRetriedOnceAfterTheRetryDelayAsTheSameWebhookSignedAnew() {
        answerWith = 500;
        sim.call("+17735550123", "+13125550100");
        assertThat(received).hasSize(1);
        sim.advance(Duration.ofMillis(999));
        assertThat(received).hasSize(1);
        sim.advance(Duration.ofMillis(1));
        assertThat(received).hasSize(2);
        var first = received.get(0);
        var retry = received.get(1);
        assertThat(first.body().path("meta").path("attempt").asInt()).isEqualTo(1);
        assertThat(retry.body().path("meta").path("attempt").asInt()).isEqualTo(2);
        assertThat(retry.body().path("meta").path("delivered_to").asString()).isEqualTo("http://app.local/api/telnyx/webhooks");
        assertThat(retry.body().path("data")).isEqualTo(first.body().path("data"));
        assertThat(retry.headers().get("telnyx-timestamp")).isEqualTo(String.valueOf(Instant.parse("2026-11-25T18:00:01Z").getEpochSecond()));
        var message = (retry.headers().get("telnyx-timestamp") + "|" + retry.raw()).getBytes(StandardCharsets.UTF_8);
        var signature = Base64.getDecoder().decode(retry.headers().get("telnyx-signature-ed25519"));
        assertThat(Ed25519.verify(signature, 0, PUBLIC, 0, message, 0, message.length)).isTrue();
        assertThat(sim.deliveries()).extracting(TelnyxSimulator.Delivery::at)
                .containsExactly(Instant.parse("2026-11-25T18:00:00Z"), Instant.parse("2026-11-25T18:00:01Z"));
        // Retried once, then given up (there is no failover URL).
        sim.advance(Duration.ofMinutes(1));
        assertThat(received).hasSize(2);
    }

    @Test
    void aWebhookThePrimaryUrlFailedTwiceGoesToTheFailoverUrlAfterTheRetryDelay() {
        var sent = new ArrayList<String>();
        int[] primaryFailures = {Integer.MAX_VALUE};
        var withFailover = new TelnyxSimulator(new TelnyxSimulator.Config("conn-1", "http://primary.local/hooks", SEED, Duration.ofSeconds(1),
                "http://failover.local/hooks"), clock, (url, headers, body) -> {
                    sent.add(url + " " + JSON.readTree(body).path("meta").path("attempt").asInt() + " "
                            + JSON.readTree(body).path("meta").path("delivered_to").asString());
                    return url.contains("primary") && primaryFailures[0]-- > 0 ? 502 : 200;
                });
        withFailover.call("+17735550123", "+13125550100");
        assertThat(sent).containsExactly("http://primary.local/hooks 1 http://primary.local/hooks");
        withFailover.advance(Duration.ofSeconds(1));
        assertThat(sent).hasSize(2);
        withFailover.advance(Duration.ofSeconds(1));
        assertThat(sent).containsExactly("http://primary.local/hooks 1 http://primary.local/hooks",
                "http://primary.local/hooks 2 http://primary.local/hooks", "http://failover.local/hooks 3 http://failover.local/hooks");
        assertThat(withFailover.deliveries()).extracting(TelnyxSimulator.Delivery::url, TelnyxSimulator.Delivery::status)
                .containsExactly(tuple("http://primary.local/hooks", 502), tuple("http://primary.local/hooks", 502),
                        tuple("http://failover.local/hooks", 200));
        // The failover taking it ends the delivery; a failover that fails too is not tried again.
        withFailover.advance(Duration.ofMinutes(1));
        assertThat(sent).hasSize(3);
        // A webhook the primary takes at its second attempt never goes to the failover.
        sent.clear();
        primaryFailures[0] = 1;
        withFailover.call("+17735550124", "+13125550100");
        withFailover.advance(Duration.ofMinutes(1));
        assertThat(sent).containsExactly("http://primary.local/hooks 1 http://primary.local/hooks",
                "http://primary.local/hooks 2 http://primary.local/hooks");
    }

    @Test
    void withNoRetryDelayAFailedDeliveryIsRetriedAtOnce() {
        var now = new ArrayList<Received>();
        var immediate = new TelnyxSimulator(new TelnyxSimulator.Config("conn-1", "http://app.local/hooks", SEED, Duration.ZERO), clock,
                (url, headers, body) -> {
                    now.add(new Received(headers, JSON.readTree(body), body));
                    return now.size() == 1 ? 503 : 200;
                });
        immediate.call("+17735550123", "+13125550100");
        assertThat(now).extracting(r -> r.body().path("meta").path("attempt").asInt()).containsExactly(1, 2);
    }

    @Test
    void aLateDeliveryArrivesLaterOnTheTimelineWhileLaterWebhooksGoOnTime() {
        var caller = sim.call("+17735550123", "+13125550100");
        sim.delayNextDeliveries(1, Duration.ofSeconds(5));
        post(caller.callControlId(), "answer", "{}");
        post(caller.callControlId(), "speak", "{\"payload\":\"Hello\",\"voice\":\"AWS.Polly.Joanna\"}");
        assertThat(types()).containsExactly("call.initiated", "call.speak.started");
        sim.advance(Duration.ofSeconds(2));
        assertThat(types()).containsExactly("call.initiated", "call.speak.started", "call.speak.ended");
        sim.advance(Duration.ofMillis(2999));
        assertThat(types()).doesNotContain("call.answered");
        sim.advance(Duration.ofMillis(1));
        assertThat(types()).endsWith("call.answered");
        var late = received.getLast();
        // It happened at the answer, is sent five seconds later, as a first attempt signed when sent.
        assertThat(late.body().path("data").path("occurred_at").asString()).isEqualTo("2026-11-25T18:00:00.000000Z");
        assertThat(late.body().path("meta").path("attempt").asInt()).isEqualTo(1);
        assertThat(late.headers().get("telnyx-timestamp")).isEqualTo(String.valueOf(Instant.parse("2026-11-25T18:00:05Z").getEpochSecond()));
        assertThat(sim.deliveries().getLast().at()).isEqualTo(Instant.parse("2026-11-25T18:00:05Z"));
        sim.advance(Duration.ofMinutes(1));
        assertThat(types().stream().filter("call.answered"::equals)).hasSize(1);
    }

    @Test
    void aLateDeliveryOfOneTypeLeavesTheOtherTypesOnTime() {
        var caller = sim.call("+17735550123", "+13125550100");
        post(caller.callControlId(), "answer", "{}");
        received.clear();
        sim.delayNextDeliveries(1, Duration.ofSeconds(5), "call.speak.ended");
        post(caller.callControlId(), "speak", "{\"payload\":\"Hello\",\"voice\":\"AWS.Polly.Joanna\"}");
        post(caller.callControlId(), "playback_start", "{\"audio_url\":\"http://example.com/a.mp3\"}");
        sim.advance(Duration.ofSeconds(4));
        assertThat(types()).containsExactly("call.speak.started", "call.playback.started", "call.playback.ended");
        sim.advance(Duration.ofSeconds(5));
        assertThat(types()).endsWith("call.speak.ended");
    }

    @Test
    void textMessagesAreAcceptedAndKept() {
        var sent = sim.handle("POST", "/v2/messages", "{\"from\":\"+13125550100\",\"to\":\"+17735550123\",\"text\":\"New voicemail from +17735550199\"}");
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        assertThat(JSON.readTree(sent.body()).path("data").path("to").get(0).path("status").asString()).isEqualTo("queued");
        assertThat(sim.messages()).extracting(TelnyxSimulator.Message::text).containsExactly("New voicemail from +17735550199");
        assertThat(sim.handle("POST", "/v2/messages", "{\"text\":\"no addresses\"}").status()).isEqualTo(422);
    }
}
