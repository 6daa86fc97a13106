package dev.switchboard.carrier;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.calls.CallCommand;
import dev.switchboard.calls.CallControl;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Commands against a scripted local HTTP server standing in for Telnyx (loopback only). */
class TelnyxCallControlTest {

    record Seen(String method, String path, String auth, String body) {
    }

    HttpServer server;
    final List<Seen> seen = new CopyOnWriteArrayList<>();
    final ArrayDeque<int[]> statuses = new ArrayDeque<>();
    final ArrayDeque<String> bodies = new ArrayDeque<>();
    TelnyxCallControl control;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v2", exchange -> {
            var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"), body));
            int status = statuses.isEmpty() ? 200 : statuses.poll()[0];
            var answer = bodies.isEmpty() ? "{\"data\":{\"result\":\"ok\"}}" : bodies.poll();
            var bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        control = new TelnyxCallControl(new TelnyxProperties("http://127.0.0.1:" + server.getAddress().getPort() + "/v2/",
                "KEY123", "conn-1", null, Duration.ofSeconds(2), 3, Duration.ofMillis(1)));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    void respond(int status, String body) {
        statuses.add(new int[] {status});
        bodies.add(body);
    }

    @Test
    void aCommandCarriesItsIdAndBase64ClientStateToTheRightPath() {
        var result = control.send("v3:abc/def", new CallCommand.Speak("Hello", null, null), "cmd-1", "{\"call\":7}");
        assertThat(result).isInstanceOf(CallControl.Result.Ok.class);
        var request = seen.getFirst();
        assertThat(request.path()).isEqualTo("/v2/calls/v3%3Aabc%2Fdef/actions/speak");
        assertThat(request.auth()).isEqualTo("Bearer KEY123");
        var json = JsonMapper.builder().build().readTree(request.body());
        assertThat(json.get("command_id").asString()).isEqualTo("cmd-1");
        assertThat(json.get("client_state").asString()).isEqualTo("eyJjYWxsIjo3fQ==");
        assertThat(json.get("payload").asString()).isEqualTo("Hello");
        assertThat(json.get("voice").asString()).as("a woman's voice, named as premium speech takes it").isEqualTo("AWS.Polly.Joanna");
    }

    @Test
    void a500IsRetriedOnceWithTheSameCommandId() {
        respond(500, "{\"errors\":[{\"code\":\"10007\",\"title\":\"Unexpected error\"}]}");
        respond(200, "{\"data\":{\"result\":\"ok\"}}");
        var result = control.send("v3:leg", new CallCommand.Answer(false), "cmd-2", null);
        assertThat(result).isInstanceOf(CallControl.Result.Ok.class);
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0).body()).isEqualTo(seen.get(1).body()).contains("\"command_id\":\"cmd-2\"");
    }

    @Test
    void callAlreadyEndedIsUnderstoodAndNotRetried() {
        respond(422, "{\"errors\":[{\"code\":\"90018\",\"title\":\"Call has already ended\","
                + "\"detail\":\"This call is no longer active and can't receive commands.\"}]}");
        assertThat(control.send("v3:leg", new CallCommand.Hangup(), "cmd-3", null)).isInstanceOf(CallControl.Result.CallEnded.class);
        assertThat(seen).hasSize(1);
    }

    @Test
    void otherRefusalsAreReportedWithTheirCodeAndNotRetried() {
        respond(422, "{\"errors\":[{\"code\":\"90034\",\"title\":\"Call not answered yet\"}]}");
        var result = control.send("v3:leg", new CallCommand.Speak("hi", null, null), "cmd-4", null);
        assertThat(result).isEqualTo(new CallControl.Result.Refused("90034", "Call not answered yet"));
        assertThat(seen).hasSize(1);
    }

    @Test
    void aCarrierThatKeepsFailingGivesUpAfterThreeTriesAndTheBreakerOpensAfterTenCommandsFailed() {
        for (int i = 0; i < 60; i++) {
            respond(503, "{}");
        }
        var first = control.send("v3:leg", new CallCommand.Hangup(), "cmd-5", null);
        assertThat(first).isInstanceOf(CallControl.Result.Unavailable.class);
        assertThat(seen).hasSize(3);
        for (int i = 0; i < 8; i++) {
            control.send("v3:leg", new CallCommand.Hangup(), "cmd-6-" + i, null);
        }
        assertThat(control.breakerState()).as("nine commands (27 tries) are not ten").isEqualTo(CircuitBreaker.State.CLOSED);
        control.send("v3:leg", new CallCommand.Hangup(), "cmd-6-9", null);
        assertThat(seen).hasSize(30);
        assertThat(control.breakerState()).isEqualTo(CircuitBreaker.State.OPEN);
        int before = seen.size();
        var fast = control.send("v3:leg", new CallCommand.Hangup(), "cmd-7", null);
        assertThat(fast).isInstanceOf(CallControl.Result.Unavailable.class);
        assertThat(((CallControl.Result.Unavailable) fast).detail()).contains("circuit open");
        assertThat(seen).hasSize(before);
    }

    @Test
    void throttlingIsRetriedButDoesNotOpenTheBreaker() {
        // A carrier that throttles is up: a burst of 429s must not refuse the next caller's answer for ten seconds.
        for (int i = 0; i < 30; i++) {
            respond(429, "{\"errors\":[{\"code\":\"10011\",\"title\":\"Too many requests\"}]}");
        }
        for (int i = 0; i < 10; i++) {
            assertThat(control.send("v3:leg-" + i, new CallCommand.Speak("hi", null, null), "cmd-t-" + i, null))
                    .isInstanceOf(CallControl.Result.Unavailable.class);
        }
        assertThat(seen).as("each tried three times").hasSize(30);
        assertThat(control.breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(control.send("v3:new-caller", new CallCommand.Answer(false), "cmd-answer", null)).isInstanceOf(CallControl.Result.Ok.class);
        assertThat(seen).hasSize(31);
    }

    @Test
    void aRetryAfterIsWaitedForWithinItsCap() {
        var backoff = io.github.resilience4j.core.IntervalFunction.ofExponentialBackoff(100, 2.0);
        var interval = TelnyxCallControl.interval(backoff);
        io.github.resilience4j.core.functions.Either<Throwable, TelnyxCallControl.Outcome> throttled =
                io.github.resilience4j.core.functions.Either.right(new TelnyxCallControl.Outcome(429, "{}", Duration.ofSeconds(1)));
        assertThat(interval.apply(1, throttled)).isEqualTo(1_000L);
        io.github.resilience4j.core.functions.Either<Throwable, TelnyxCallControl.Outcome> patient =
                io.github.resilience4j.core.functions.Either.right(new TelnyxCallControl.Outcome(429, "{}", Duration.ofSeconds(60)));
        assertThat(interval.apply(1, patient)).isEqualTo(TelnyxCallControl.MAX_RETRY_AFTER.toMillis());
        io.github.resilience4j.core.functions.Either<Throwable, TelnyxCallControl.Outcome> plain =
                io.github.resilience4j.core.functions.Either.right(new TelnyxCallControl.Outcome(500, "{}"));
        assertThat(interval.apply(2, plain)).as("no Retry-After: the backoff").isEqualTo(200L);
        assertThat(TelnyxCallControl.retryAfter(java.util.Optional.of(" 3 "))).isEqualTo(Duration.ofSeconds(3));
        assertThat(TelnyxCallControl.retryAfter(java.util.Optional.of("Wed, 21 Oct 2026 07:28:00 GMT"))).isNull();
        assertThat(TelnyxCallControl.retryAfter(java.util.Optional.of("-1"))).isNull();
        var huge = TelnyxCallControl.retryAfter(java.util.Optional.of(String.valueOf(Long.MAX_VALUE)));
        io.github.resilience4j.core.functions.Either<Throwable, TelnyxCallControl.Outcome> forever =
                io.github.resilience4j.core.functions.Either.right(new TelnyxCallControl.Outcome(429, "{}", huge));
        assertThat(interval.apply(1, forever)).as("a huge Retry-After waits the cap, and overflows nothing")
                .isEqualTo(TelnyxCallControl.MAX_RETRY_AFTER.toMillis());
        assertThat(TelnyxCallControl.retryAfter(java.util.Optional.empty())).isNull();
    }

    @Test
    void aLegTelnyxNoLongerKnowsIsOverNotRefused() {
        respond(422, "{\"errors\":[{\"code\":\"90015\",\"title\":\"Invalid Call Control ID\"}]}");
        respond(404, "{\"errors\":[{\"code\":\"10005\",\"title\":\"Resource not found\"}]}");
        assertThat(control.send("v3:gone", new CallCommand.Hangup(), "cmd-g1", null)).isInstanceOf(CallControl.Result.CallEnded.class);
        assertThat(control.send("v3:gone", new CallCommand.Answer(false), "cmd-g2", null)).isInstanceOf(CallControl.Result.CallEnded.class);
        assertThat(seen).as("neither retried").hasSize(2);
        respond(404, "{\"errors\":[{\"code\":\"10005\",\"title\":\"Resource not found\"}]}");
        assertThat(control.dial("+13125550100", "+17735550123", 30, null, "cmd-d", null).result())
                .as("a dial names no leg: its 404 is a refusal").isInstanceOf(CallControl.Result.Refused.class);
    }

    @Test
    void dialReturnsTheNewLeg() {
        respond(200, "{\"data\":{\"call_control_id\":\"v3:new-leg\",\"call_leg_id\":\"l\",\"call_session_id\":\"s\",\"is_alive\":false,\"record_type\":\"call\"}}");
        var dialled = control.dial("+13125550100", "sip:ann@example.sip.telnyx.com", 25, "v3:caller", "cmd-8", "{\"leg\":\"ann\"}");
        assertThat(dialled.result()).isInstanceOf(CallControl.Result.Ok.class);
        assertThat(dialled.legId()).isEqualTo("v3:new-leg");
        var json = JsonMapper.builder().build().readTree(seen.getFirst().body());
        assertThat(seen.getFirst().path()).isEqualTo("/v2/calls");
        assertThat(json.get("connection_id").asString()).isEqualTo("conn-1");
        assertThat(json.get("link_to").asString()).isEqualTo("v3:caller");
        assertThat(json.get("timeout_secs").asInt()).isEqualTo(25);
        assertThat(json.has("answering_machine_detection")).as("not asked for").isFalse();
    }

    @Test
    void aDialThatFailedWithoutSayingItWasNotPlacedMayHaveBeenPlaced() {
        for (int status : new int[] {500, 502, 504, TelnyxCallControl.UNREACHABLE}) {
            var dialled = TelnyxCallControl.dialResult(new TelnyxCallControl.Outcome(status, "{}"), "+17735550123");
            assertThat(dialled.result()).as("status " + status).isInstanceOf(CallControl.Result.Unavailable.class);
            assertThat(dialled.maybePlaced()).as("status " + status + ": its reply may be what was lost").isTrue();
        }
        // Unavailable (not done), never sent (the circuit open), refused: surely not placed.
        for (int status : new int[] {503, -1, 422, 403}) {
            assertThat(TelnyxCallControl.dialResult(new TelnyxCallControl.Outcome(status, "{}"), "+17735550123").maybePlaced())
                    .as("status " + status).isFalse();
        }
        respond(504, "{}");
        respond(504, "{}");
        respond(504, "{}");
        var dialled = control.dial("+13125550100", "sip:ann@example.sip.telnyx.com", 25, null, "cmd-9", null);
        assertThat(seen).as("tried three times, the same command id").hasSize(3);
        assertThat(dialled.legId()).isNull();
        assertThat(dialled.maybePlaced()).isTrue();
    }

    @Test
    void aDialOrTransferAskingForMachineDetectionAsksForDetect() {
        var dial = TelnyxCallControl.dialBody("conn-1", "+13125550100", null, "+17735550123", 30, null, "cmd-1", null, true);
        assertThat(dial.get("answering_machine_detection")).isEqualTo("detect");
        var transfer = TelnyxCallControl.body(new CallCommand.Transfer("+17735550123", "+13125550100", 20, "x", true));
        assertThat(transfer.get("answering_machine_detection")).isEqualTo("detect");
        assertThat(TelnyxCallControl.body(new CallCommand.Transfer("+17735550123", "+13125550100", 20, "x"))).doesNotContainKey(
                "answering_machine_detection");
    }

    @Test
    void anUnreachableCarrierIsUnavailableNotAnException() {
        server.stop(0);
        var result = control.send("v3:leg", new CallCommand.Hangup(), "cmd-9", null);
        assertThat(result).isInstanceOf(CallControl.Result.Unavailable.class);
    }

    @Test
    void everyCommandMapsToItsTelnyxAction() {
        assertThat(TelnyxCallControl.action(new CallCommand.Transfer("+13125550101", null, 20, null))).isEqualTo("transfer");
        assertThat(TelnyxCallControl.body(new CallCommand.Transfer("sip:a@x", "+13125550100", 20, "x")).get("to"))
                .as("transfer's to is one string (the spec's TransferCallRequest), a dial's may be a list").isEqualTo("sip:a@x");
        assertThat(TelnyxCallControl.body(new CallCommand.Reject(true)).get("cause")).isEqualTo("USER_BUSY");
        assertThat(TelnyxCallControl.body(new CallCommand.Answer(true)).get("record")).isEqualTo("record-from-answer");
        assertThat(TelnyxCallControl.action(new CallCommand.GatherWithSpeech("Press 1", null, null, 1, 1, 5000, null)))
                .isEqualTo("gather_using_speak");
        assertThat(TelnyxCallControl.body(new CallCommand.GatherWithSpeech("Press 1", null, null, 1, 1, 5000, null)))
                .doesNotContainKey("valid_digits");
        assertThat(TelnyxCallControl.body(new CallCommand.GatherWithSpeech("Press 1 to accept", null, null, 1, 1, 10000, null, "1")))
                .containsEntry("valid_digits", "1").containsEntry("maximum_digits", 1).containsEntry("timeout_millis", 10000);
        assertThat(TelnyxCallControl.body(new CallCommand.RecordStart(true, 120)).get("max_length")).isEqualTo(120);
        assertThat(TelnyxCallControl.body(new CallCommand.RecordStart(true, 120))).doesNotContainKeys("transcription",
                "transcription_engine", "transcription_language");
        assertThat(TelnyxCallControl.body(new CallCommand.Bridge("v3:b"))).containsExactly(java.util.Map.entry("call_control_id", "v3:b"));
        assertThat(TelnyxCallControl.body(new CallCommand.Bridge("v3:b", true, true)))
                .containsEntry("play_ringtone", true).containsEntry("park_after_unbridge", "self");
    }

    @Test
    void aCallStatusSaysWhetherTheLegIsUpAndWhenItEnded() {
        assertThat(TelnyxCallControl.legStatus(new TelnyxCallControl.Outcome(200, "{\"data\":{\"is_alive\":true}}")))
                .isEqualTo(CallControl.LegStatus.ALIVE);
        assertThat(TelnyxCallControl.legStatus(new TelnyxCallControl.Outcome(200,
                "{\"data\":{\"is_alive\":false,\"end_time\":\"2026-11-25T18:01:00.123456Z\"}}")))
                .isEqualTo(CallControl.LegStatus.ended(java.time.Instant.parse("2026-11-25T18:01:00.123456Z")));
        assertThat(TelnyxCallControl.legStatus(new TelnyxCallControl.Outcome(200, "{\"data\":{\"is_alive\":false,\"end_time\":\"soon\"}}")))
                .isEqualTo(CallControl.LegStatus.ended(null));
        // A leg Telnyx no longer knows is over; an answer that says nothing, or no answer, is not known.
        assertThat(TelnyxCallControl.legStatus(new TelnyxCallControl.Outcome(422, "{\"errors\":[{\"code\":\"90015\"}]}")).state())
                .isEqualTo(CallControl.LegStatus.State.ENDED);
        assertThat(TelnyxCallControl.legStatus(new TelnyxCallControl.Outcome(404, "")).state()).isEqualTo(CallControl.LegStatus.State.ENDED);
        assertThat(TelnyxCallControl.legStatus(new TelnyxCallControl.Outcome(200, "{\"data\":{}}"))).isEqualTo(CallControl.LegStatus.UNKNOWN);
        assertThat(TelnyxCallControl.legStatus(new TelnyxCallControl.Outcome(503, "busy"))).isEqualTo(CallControl.LegStatus.UNKNOWN);
        assertThat(TelnyxCallControl.legStatus(new TelnyxCallControl.Outcome(-2, "carrier unreachable"))).isEqualTo(CallControl.LegStatus.UNKNOWN);
    }

    @Test
    void aGenderOrNoVoiceIsSpokenByPollysVoiceOfThatKindInTheLanguageAndANamedVoiceAsGiven() {
        assertThat(TelnyxCallControl.body(new CallCommand.Speak("Hola", null, "es-US")).get("voice")).isEqualTo("AWS.Polly.Lupe");
        assertThat(TelnyxCallControl.body(new CallCommand.Speak("Hola", "male", "es-AR")).get("voice")).isEqualTo("AWS.Polly.Miguel");
        assertThat(TelnyxCallControl.body(new CallCommand.Speak("Hello", "Female", null)).get("voice")).isEqualTo("AWS.Polly.Joanna");
        assertThat(TelnyxCallControl.body(new CallCommand.Speak("Bonjour", "male", "fr-CA")).get("voice"))
                .as("Polly has no man's voice in Canadian French").isEqualTo("AWS.Polly.Chantal");
        assertThat(TelnyxCallControl.body(new CallCommand.Speak("Hello", "Azure.en-CA-ClaraNeural", "en-CA")).get("voice"))
                .isEqualTo("Azure.en-CA-ClaraNeural");
        assertThat(TelnyxCallControl.body(new CallCommand.GatherWithSpeech("Premi 1", null, "it-IT", 1, 1, 5000, null)).get("voice"))
                .isEqualTo("AWS.Polly.Carla");
    }

    @Test
    void aPromptIsSpokenInALanguageTelnyxSpeaks() {
        assertThat(TelnyxCallControl.body(new CallCommand.Speak("Hola", null, "es-MX")).get("language")).isEqualTo("es-MX");
        assertThat(TelnyxCallControl.body(new CallCommand.Speak("Hello", null, null)).get("language")).isEqualTo("en-US");
        // Not spoken as such: the same language as Telnyx speaks it, else its default (a refused prompt is silence).
        assertThat(TelnyxCallControl.speechLanguage("en-CA")).isEqualTo("en-US");
        assertThat(TelnyxCallControl.speechLanguage("es-AR")).isEqualTo("es-US");
        assertThat(TelnyxCallControl.speechLanguage("fr")).isEqualTo("fr-FR");
        assertThat(TelnyxCallControl.speechLanguage("fr-CA")).isEqualTo("fr-CA");
        assertThat(TelnyxCallControl.speechLanguage("zh-TW")).isEqualTo("cmn-CN");
        assertThat(TelnyxCallControl.speechLanguage("ar-EG")).isEqualTo("arb");
        assertThat(TelnyxCallControl.speechLanguage("no")).isEqualTo("nb-NO");
        assertThat(TelnyxCallControl.speechLanguage("el-GR")).isEqualTo("en-US");
        assertThat(TelnyxCallControl.body(new CallCommand.GatherWithSpeech("Pulse 1", null, "it", 1, 1, 5000, null)).get("language"))
                .isEqualTo("it-IT");
        // Every one it picks is one the spec allows.
        for (var language : TelnyxCallControl.SPEECH_LANGUAGES) {
            assertThat(TelnyxCallControl.speechLanguage(language)).isEqualTo(language);
        }
    }

    @Test
    void aRecordingToTranscribeAsksForItInALanguageTelnyxKnows() {
        assertThat(TelnyxCallControl.body(new CallCommand.RecordStart(true, 120, true, "es-MX")))
                .containsEntry("transcription", true).containsEntry("transcription_engine", "B")
                .containsEntry("transcription_language", "es-MX");
        // A language Telnyx does not know as such is sent as its base language, or left to Telnyx's default (en-US):
        // a refused record_start would lose the caller's message.
        assertThat(TelnyxCallControl.body(new CallCommand.RecordStart(true, 120, true, "de-LU"))).containsEntry("transcription_language", "de");
        assertThat(TelnyxCallControl.body(new CallCommand.RecordStart(true, 120, true, "xx-YY"))).containsEntry("transcription", true)
                .doesNotContainKey("transcription_language");
        assertThat(TelnyxCallControl.body(new CallCommand.RecordStart(true, 120, true, null))).doesNotContainKey("transcription_language");
    }

    @Test
    void theTranscriptionLanguagesAreTheSpecsOwn() throws Exception {
        // The simulator's copy of Telnyx's OpenAPI subset (the file it validates every command body against).
        try (var in = getClass().getResourceAsStream("/telnyx/call-control-openapi.yml")) {
            var spec = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(in);
            var values = new java.util.HashSet<String>();
            spec.path("components").path("schemas").path("TranscriptionLanguage").path("enum").forEach(v -> values.add(v.asText()));
            assertThat(values).hasSizeGreaterThan(200);
            assertThat(TelnyxCallControl.TRANSCRIPTION_LANGUAGES).isEqualTo(values);
        }
    }
}
