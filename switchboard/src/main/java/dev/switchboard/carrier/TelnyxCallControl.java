package dev.switchboard.carrier;

import dev.switchboard.calls.CallCommand;
import dev.switchboard.calls.CallControl;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link CallControl} over Telnyx Call Control REST (reference §4) with {@code java.net.http}. Every
 * command carries its {@code command_id} and the leg's {@code client_state} (base64). 5xx, 408, 429,
 * timeouts and connection failures are retried with exponential backoff and the <em>same</em>
 * {@code command_id} (Telnyx ignores a repeat); a 429's {@code Retry-After} is waited for (up to
 * {@link #MAX_RETRY_AFTER}). A circuit breaker stops hammering a carrier that is down: it counts 5xx and
 * unreachable, not 408 or 429, which say the carrier is up and only asks us to slow down (counting them, a
 * burst of throttled commands would open the circuit and refuse every new caller for its ten seconds). A 422
 * is read: 90018 "call has already ended" is {@link CallControl.Result.CallEnded}, never retried, and so is a
 * leg Telnyx no longer knows (90015, or 404).
 */
public class TelnyxCallControl implements CallControl {

    private static final Logger log = LoggerFactory.getLogger(TelnyxCallControl.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    /** The longest a 429's {@code Retry-After} is waited for before the next try (the sending thread waits). */
    static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(2);

    private final TelnyxProperties properties;
    private final HttpClient http;
    private final Retry retry;
    private final CircuitBreaker breaker;

    public TelnyxCallControl(TelnyxProperties properties) {
        this.properties = properties;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        this.retry = Retry.of("telnyx", RetryConfig.<Outcome>custom()
                .maxAttempts(Math.max(1, properties.attempts()))
                .intervalBiFunction(interval(IntervalFunction.ofExponentialBackoff(properties.backoff().toMillis(), 2.0)))
                .retryOnResult(Outcome::retryable)
                .retryExceptions(UncheckedIOException.class)
                .ignoreExceptions(CallNotPermittedException.class)
                .failAfterMaxAttempts(false)
                .build());
        this.breaker = CircuitBreaker.of("telnyx", CircuitBreakerConfig.custom()
                .slidingWindowSize(20)
                .minimumNumberOfCalls(10)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(10))
                .recordResult(result -> result instanceof Outcome o && o.carrierFailed())
                .recordExceptions(UncheckedIOException.class)
                .build());
    }

    /** The wait before try {@code n + 1}: the backoff, or longer when a 429 asked for it (within {@link #MAX_RETRY_AFTER}). */
    static IntervalBiFunction<Outcome> interval(IntervalFunction backoff) {
        return (attempt, result) -> {
            long wait = backoff.apply(attempt);
            if (result.isRight() && result.get().retryAfter() != null) {
                wait = Math.max(wait, Math.min(result.get().retryAfter().toMillis(), MAX_RETRY_AFTER.toMillis()));
            }
            return wait;
        };
    }

    /** One HTTP exchange; {@code retryAfter} is a 429's (or 503's) {@code Retry-After} in seconds, when it gave one. */
    record Outcome(int status, String body, Duration retryAfter) {

        Outcome(int status, String body) {
            this(status, body, null);
        }

        boolean retryable() {
            return status >= 500 || status == 408 || status == 429;
        }

        /** The carrier failed (not merely asked us to wait): what the circuit breaker counts. */
        boolean carrierFailed() {
            return status >= 500;
        }
    }

    /** {@code Retry-After} as seconds (the HTTP-date form is not waited for: the backoff applies). */
    static Duration retryAfter(java.util.Optional<String> header) {
        try {
            var seconds = header.map(String::strip).map(Long::parseLong).orElse(null);
            // Capped well below what milliseconds hold: only MAX_RETRY_AFTER of it is ever waited.
            return seconds == null || seconds < 0 ? null : Duration.ofSeconds(Math.min(seconds, 86_400));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    CircuitBreaker.State breakerState() {
        return breaker.getState();
    }

    @Override
    public Result send(String legId, CallCommand command, String commandId, String clientState) {
        return result(execute(path(legId, command), requestBody(command, commandId, clientState)), action(command), legId);
    }

    @Override
    public DialResult dial(String from, String fromDisplayName, String to, int timeoutSeconds, String linkTo, String commandId,
            String clientState, boolean detectMachine) {
        return dialResult(execute("/calls", dialBody(properties.connectionId(), from, fromDisplayName, to, timeoutSeconds, linkTo, commandId,
                clientState, detectMachine)), to);
    }

    /**
     * The answering machine detection a dial or transfer asks for: {@code detect} (a person or a machine, reported by
     * {@code call.machine.detection.ended}); not {@code detect_beep} or {@code premium}, whose further events and price
     * nothing here uses.
     */
    static final String MACHINE_DETECTION = "detect";

    /** The body of {@code POST /calls}: a new leg on the Call Control app {@code connectionId}. */
    static Map<String, Object> dialBody(String connectionId, String from, String fromDisplayName, String to, int timeoutSeconds, String linkTo,
            String commandId, String clientState, boolean detectMachine) {
        var body = new LinkedHashMap<String, Object>();
        body.put("connection_id", connectionId);
        body.put("from", from);
        if (fromDisplayName != null) {
            body.put("from_display_name", fromDisplayName);
        }
        body.put("to", to);
        body.put("timeout_secs", timeoutSeconds);
        if (linkTo != null) {
            body.put("link_to", linkTo);
        }
        if (detectMachine) {
            body.put("answering_machine_detection", MACHINE_DETECTION);
        }
        body.put("command_id", commandId);
        if (clientState != null) {
            body.put("client_state", Base64.getEncoder().encodeToString(clientState.getBytes(StandardCharsets.UTF_8)));
        }
        return body;
    }

    /** The status of an {@link Outcome} with no answer at all (an I/O error or a timeout, every try). */
    static final int UNREACHABLE = -2;

    /** A dial's answer: the new leg's id, or why there is none (and whether the carrier may have placed it all the same). */
    static DialResult dialResult(Outcome outcome, String to) {
        var result = result(outcome, "dial", to);
        if (!(result instanceof Result.Ok)) {
            // Not answered (a timeout) or a server error but 503 (unavailable: not done): the carrier may have placed it.
            return new DialResult(result, null, result instanceof Result.Unavailable
                    && (outcome.status() == UNREACHABLE || outcome.status() >= 500 && outcome.status() != 503));
        }
        try {
            var leg = JSON.readTree(outcome.body()).path("data").path("call_control_id").asString(null);
            return leg == null ? new DialResult(new Result.Refused("dial", "no call_control_id in the answer"), null)
                    : new DialResult(result, leg);
        } catch (RuntimeException e) {
            return new DialResult(new Result.Refused("dial", "unreadable answer: " + e.getMessage()), null);
        }
    }

    @Override
    public LegStatus status(String legId) {
        return legStatus(execute(request(statusPath(legId)).GET().build()));
    }

    /** The request path of a leg's status ({@code GET}). */
    static String statusPath(String legId) {
        return "/calls/" + URLEncoder.encode(legId, StandardCharsets.UTF_8);
    }

    /** A call status answer: alive or not; a leg Telnyx does not know (any more) is over; no answer, not known. */
    static LegStatus legStatus(Outcome outcome) {
        if (outcome.status() >= 200 && outcome.status() < 300) {
            try {
                var data = JSON.readTree(outcome.body()).path("data");
                var alive = data.path("is_alive");
                if (!alive.isBoolean()) {
                    return LegStatus.UNKNOWN;
                }
                if (alive.asBoolean()) {
                    return LegStatus.ALIVE;
                }
                java.time.Instant end = null;
                try {
                    end = data.path("end_time").isString() ? java.time.Instant.parse(data.path("end_time").asString()) : null;
                } catch (java.time.format.DateTimeParseException e) {
                    // ended, at a time it does not say in a form we read
                }
                return LegStatus.ended(end);
            } catch (RuntimeException e) {
                return LegStatus.UNKNOWN;
            }
        }
        var code = firstError(outcome.body()).path("code").asString("");
        return outcome.status() == 404 || code.equals("90015") || code.equals("90018") ? LegStatus.ended(null) : LegStatus.UNKNOWN;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(properties.apiBaseUrl() + path))
                .timeout(properties.requestTimeout())
                .header("Authorization", "Bearer " + (properties.apiKey() == null ? "" : properties.apiKey()))
                .header("Accept", "application/json");
    }

    private Outcome execute(String path, Map<String, Object> body) {
        return execute(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
    }

    /**
     * One command: its tries (retry) inside the circuit breaker, so the breaker counts commands, not tries: a
     * carrier that fails one command three times has failed once, and the circuit opens when half of the last
     * twenty commands (ten at least) failed after all their tries, not after four commands' worth of tries.
     */
    private Outcome execute(HttpRequest request) {
        java.util.function.Supplier<Outcome> attempt = () -> {
            try {
                var response = http.send(request, HttpResponse.BodyHandlers.ofString());
                return new Outcome(response.statusCode(), response.body(), retryAfter(response.headers().firstValue("Retry-After")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UncheckedIOException(new IOException("interrupted", e));
            }
        };
        try {
            return CircuitBreaker.decorateSupplier(breaker, Retry.decorateSupplier(retry, attempt)).get();
        } catch (CallNotPermittedException e) {
            return new Outcome(-1, "circuit open: the carrier has been failing, not calling it for a while");
        } catch (UncheckedIOException e) {
            return new Outcome(UNREACHABLE, "carrier unreachable: " + e.getCause().getMessage());
        }
    }

    static Result result(Outcome outcome, String action, String target) {
        if (outcome.status() >= 200 && outcome.status() < 300) {
            return new Result.Ok();
        }
        if (outcome.status() < 0 || outcome.retryable()) {
            log.warn("Telnyx {} for {} failed: {} {}", action, target, outcome.status(), outcome.body());
            return new Result.Unavailable(outcome.status() < 0 ? outcome.body() : "HTTP " + outcome.status());
        }
        var error = firstError(outcome.body());
        var code = error.path("code").asString("");
        if (code.equals("90018") || !action.equals("dial") && (code.equals("90015") || outcome.status() == 404)) {
            // Ended, or a leg Telnyx no longer knows: nothing to do, as the leg status check reads them. (A dial
            // names no leg: its 404 is a wrong base URL, a refusal to be seen.)
            return new Result.CallEnded();
        }
        log.warn("Telnyx refused {} for {}: {} {}", action, target, outcome.status(), outcome.body());
        return new Result.Refused(error.path("code").asString(String.valueOf(outcome.status())),
                error.path("detail").asString(error.path("title").asString("HTTP " + outcome.status())));
    }

    private static JsonNode firstError(String body) {
        try {
            var errors = JSON.readTree(body).path("errors");
            return errors.isArray() && !errors.isEmpty() ? errors.get(0) : JSON.createObjectNode();
        } catch (RuntimeException e) {
            return JSON.createObjectNode();
        }
    }

    /** The request path of a command on a leg. */
    static String path(String legId, CallCommand command) {
        return statusPath(legId) + "/actions/" + action(command);
    }

    /** The JSON body of a command, with its id and our client state (base64), as Telnyx expects it. */
    static Map<String, Object> requestBody(CallCommand command, String commandId, String clientState) {
        var body = new LinkedHashMap<String, Object>(body(command));
        body.put("command_id", commandId);
        if (clientState != null) {
            body.put("client_state", Base64.getEncoder().encodeToString(clientState.getBytes(StandardCharsets.UTF_8)));
        }
        return body;
    }

    static String action(CallCommand command) {
        return switch (command) {
            case CallCommand.Answer a -> "answer";
            case CallCommand.Hangup h -> "hangup";
            case CallCommand.Reject r -> "reject";
            case CallCommand.Speak s -> "speak";
            case CallCommand.Play p -> "playback_start";
            case CallCommand.GatherWithSpeech g -> "gather_using_speak";
            case CallCommand.GatherWithAudio g -> "gather_using_audio";
            case CallCommand.Transfer t -> "transfer";
            case CallCommand.Bridge b -> "bridge";
            case CallCommand.RecordStart r -> "record_start";
            case CallCommand.RecordStop r -> "record_stop";
            case CallCommand.StopPrompt s -> "playback_stop";
            case CallCommand.SendDtmf d -> "send_dtmf";
        };
    }

    static Map<String, Object> body(CallCommand command) {
        var b = new LinkedHashMap<String, Object>();
        switch (command) {
            case CallCommand.Answer a -> {
                if (a.record()) {
                    b.put("record", "record-from-answer");
                    b.put("record_format", "mp3");
                    b.put("record_channels", "dual");
                }
            }
            case CallCommand.Hangup h -> { }
            case CallCommand.Reject r -> b.put("cause", r.busy() ? "USER_BUSY" : "CALL_REJECTED");
            case CallCommand.Speak s -> {
                b.put("payload", s.text());
                b.put("language", speechLanguage(s.language()));
                b.put("voice", speechVoice(s.voice(), speechLanguage(s.language())));
            }
            case CallCommand.Play p -> {
                b.put("audio_url", p.audioUrl());
                if (p.loop()) {
                    b.put("loop", "infinity");
                }
            }
            case CallCommand.GatherWithSpeech g -> {
                b.put("payload", g.text());
                b.put("language", speechLanguage(g.language()));
                b.put("voice", speechVoice(g.voice(), speechLanguage(g.language())));
                digits(b, g.minDigits(), g.maxDigits(), g.timeoutMillis(), g.terminatingDigit(), g.interDigitMillis());
                if (g.validDigits() != null) {
                    b.put("valid_digits", g.validDigits());
                }
                b.put("maximum_tries", 1);
            }
            case CallCommand.GatherWithAudio g -> {
                b.put("audio_url", g.audioUrl());
                digits(b, g.minDigits(), g.maxDigits(), g.timeoutMillis(), g.terminatingDigit(), g.interDigitMillis());
                b.put("maximum_tries", 1);
            }
            case CallCommand.Transfer t -> {
                b.put("to", t.to());
                if (t.from() != null) {
                    b.put("from", t.from());
                }
                b.put("timeout_secs", t.timeoutSeconds());
                if (t.detectMachine()) {
                    b.put("answering_machine_detection", MACHINE_DETECTION);
                }
                if (t.targetClientState() != null) {
                    b.put("target_leg_client_state", Base64.getEncoder().encodeToString(t.targetClientState().getBytes(StandardCharsets.UTF_8)));
                }
            }
            case CallCommand.Bridge br -> {
                b.put("call_control_id", br.otherLegId());
                if (br.ringtone()) {
                    b.put("play_ringtone", true);
                }
                if (br.parkAfterUnbridge()) {
                    b.put("park_after_unbridge", "self");
                }
            }
            case CallCommand.RecordStart r -> {
                b.put("format", "mp3");
                b.put("channels", "single");
                b.put("play_beep", r.beep());
                b.put("max_length", r.maxSeconds());
                if (r.transcribe()) {
                    b.put("transcription", true);
                    b.put("transcription_engine", TRANSCRIPTION_ENGINE);
                    var language = transcriptionLanguage(r.transcriptionLanguage());
                    if (language != null) {
                        b.put("transcription_language", language);
                    }
                }
            }
            case CallCommand.RecordStop r -> { }
            case CallCommand.StopPrompt s -> b.put("stop", "all");
            case CallCommand.SendDtmf d -> b.put("digits", d.digits());
        }
        return b;
    }

    /** The languages speak and gather_using_speak take (the spec's enum on both), each language's first its default. */
    static final java.util.List<String> SPEECH_LANGUAGES = java.util.List.of(("en-US en-GB en-AU en-IN en-GB-WLS es-US es-MX es-ES "
            + "fr-FR fr-CA pt-BR pt-PT arb cmn-CN cy-GB da-DK de-DE hi-IN is-IS it-IT ja-JP ko-KR nb-NO nl-NL pl-PL ro-RO ru-RU "
            + "sv-SE tr-TR").split(" "));

    /**
     * {@code language} as Telnyx's text to speech takes it: itself when Telnyx speaks it, else the one it
     * speaks of the same language ({@code en-US} for {@code en-CA}, {@code fr-FR} for {@code fr}, {@code
     * cmn-CN} for {@code zh}), else {@code en-US}. A language Telnyx does not speak would have the prompt
     * refused, and the caller hear nothing: no menu, no greeting, no beep before their message.
     */
    static String speechLanguage(String language) {
        if (language == null || language.isBlank()) {
            return "en-US";
        }
        if (SPEECH_LANGUAGES.contains(language)) {
            return language;
        }
        var base = switch (language.split("-")[0]) {
            case "zh" -> "cmn";
            case "ar" -> "arb";
            case "no", "nn" -> "nb";
            default -> language.split("-")[0];
        };
        return SPEECH_LANGUAGES.stream().filter(l -> l.equals(base) || l.startsWith(base + "-")).findFirst().orElse("en-US");
    }

    /**
     * Amazon Polly's standard voices for each language Telnyx speaks, a woman's and a man's (the woman's
     * again where Polly has no man's voice, and the reverse for Welsh English). Telnyx's speech takes a gender
     * ({@code female}, {@code male}) only at its {@code basic} service level, which speaks nothing but en-US
     * (spec, {@code voice} and {@code service_level}); at the default {@code premium} level it takes a voice by
     * name, {@code AWS.Polly.<VoiceId>} among them.
     */
    private static final Map<String, String[]> POLLY_VOICES = Map.ofEntries(
            Map.entry("arb", new String[] {"Zeina", "Zeina"}), Map.entry("cmn-CN", new String[] {"Zhiyu", "Zhiyu"}),
            Map.entry("cy-GB", new String[] {"Gwyneth", "Gwyneth"}), Map.entry("da-DK", new String[] {"Naja", "Mads"}),
            Map.entry("de-DE", new String[] {"Marlene", "Hans"}), Map.entry("en-AU", new String[] {"Nicole", "Russell"}),
            Map.entry("en-GB", new String[] {"Amy", "Brian"}), Map.entry("en-GB-WLS", new String[] {"Geraint", "Geraint"}),
            Map.entry("en-IN", new String[] {"Raveena", "Raveena"}), Map.entry("en-US", new String[] {"Joanna", "Matthew"}),
            Map.entry("es-ES", new String[] {"Lucia", "Enrique"}), Map.entry("es-MX", new String[] {"Mia", "Mia"}),
            Map.entry("es-US", new String[] {"Lupe", "Miguel"}), Map.entry("fr-CA", new String[] {"Chantal", "Chantal"}),
            Map.entry("fr-FR", new String[] {"Celine", "Mathieu"}), Map.entry("hi-IN", new String[] {"Aditi", "Aditi"}),
            Map.entry("is-IS", new String[] {"Dora", "Karl"}), Map.entry("it-IT", new String[] {"Carla", "Giorgio"}),
            Map.entry("ja-JP", new String[] {"Mizuki", "Takumi"}), Map.entry("ko-KR", new String[] {"Seoyeon", "Seoyeon"}),
            Map.entry("nb-NO", new String[] {"Liv", "Liv"}), Map.entry("nl-NL", new String[] {"Lotte", "Ruben"}),
            Map.entry("pl-PL", new String[] {"Ewa", "Jacek"}), Map.entry("pt-BR", new String[] {"Vitoria", "Ricardo"}),
            Map.entry("pt-PT", new String[] {"Ines", "Cristiano"}), Map.entry("ro-RO", new String[] {"Carmen", "Carmen"}),
            Map.entry("ru-RU", new String[] {"Tatyana", "Maxim"}), Map.entry("sv-SE", new String[] {"Astrid", "Astrid"}),
            Map.entry("tr-TR", new String[] {"Filiz", "Filiz"}));

    /**
     * The voice to ask Telnyx for: a voice named by its provider ({@code AWS.Polly.Joanna}, {@code Azure....}) as
     * it is; none, {@code female} or {@code male} as Polly's voice of that kind in the language spoken
     * ({@code language} as {@link #speechLanguage} gives it).
     */
    static String speechVoice(String voice, String language) {
        var kind = voice == null || voice.isBlank() ? "female" : voice.trim().toLowerCase(java.util.Locale.ROOT);
        if (!kind.equals("female") && !kind.equals("male")) {
            return voice.trim();
        }
        var voices = POLLY_VOICES.getOrDefault(language, POLLY_VOICES.get("en-US"));
        return "AWS.Polly." + voices[kind.equals("male") ? 1 : 0];
    }

    /** Telnyx's own speech recognition ({@code A} is Google, {@code deepgram/nova-3} English only). */
    static final String TRANSCRIPTION_ENGINE = "B";

    /** The languages record_start's transcription takes (the spec's TranscriptionLanguage enum). */
    static final java.util.Set<String> TRANSCRIPTION_LANGUAGES = java.util.Set.of((
            "af af-ZA am am-ET ar ar-AE ar-BH ar-DZ ar-EG ar-IL ar-IQ ar-JO ar-KW ar-LB ar-MA ar-MR ar-OM ar-PS ar-QA ar-SA ar-TN ar-YE "
            + "as auto_detect az az-AZ ba be bg bg-BG bn bn-BD bn-IN bo br bs bs-BA ca ca-ES cs cs-CZ cy da da-DK de de-AT de-CH de-DE "
            + "el el-GR en en-AU en-CA en-GB en-GH en-HK en-IE en-IN en-KE en-NG en-NZ en-PH en-PK en-SG en-TZ en-US en-ZA es es-419 "
            + "es-AR es-BO es-CL es-CO es-CR es-DO es-EC es-ES es-GT es-HN es-MX es-NI es-PA es-PE es-PR es-PY es-SV es-US es-UY es-VE "
            + "et et-EE eu eu-ES fa fa-IR fi fi-FI fil-PH fo fr fr-BE fr-CA fr-CH fr-FR gl gl-ES gu gu-IN ha haw he hi hi-IN hr hr-HR ht "
            + "hu hu-HU hy hy-AM id id-ID is is-IS it it-CH it-IT iw-IL ja ja-JP jv-ID jw ka ka-GE kk kk-KZ km km-KH kn kn-IN ko ko-KR "
            + "la lb ln lo lo-LA lt lt-LT lv lv-LV mg mi mk mk-MK ml ml-IN mn mn-MN mr mr-IN ms ms-MY mt my my-MM ne ne-NP nl nl-BE "
            + "nl-NL nn no no-NO oc pa pa-Guru-IN pl pl-PL ps pt pt-BR pt-PT ro ro-RO ru ru-RU rw-RW sa sd si si-LK sk sk-SK sl sl-SI "
            + "sn so sq sq-AL sr sr-RS ss-latn-za st-ZA su su-ID sv sv-SE sw sw-KE sw-TZ ta ta-IN ta-LK ta-MY ta-SG te te-IN tg th "
            + "th-TH tk tl tn-latn-za tr tr-TR ts-ZA tt uk uk-UA ur ur-IN ur-PK uz uz-UZ ve-ZA vi vi-VN xh-ZA yi yo yue-Hant-HK zh zh-TW "
            + "zu-ZA").split(" "));

    /**
     * {@code language} as Telnyx's transcription takes it: itself when Telnyx knows it, else its base
     * language ({@code es} for {@code es-XX}), else null (Telnyx's default, en-US). A language Telnyx does
     * not know would have record_start refused, and the caller's message not recorded at all.
     */
    static String transcriptionLanguage(String language) {
        if (language == null || language.isBlank()) {
            return null;
        }
        if (TRANSCRIPTION_LANGUAGES.contains(language)) {
            return language;
        }
        var base = language.split("-")[0];
        return TRANSCRIPTION_LANGUAGES.contains(base) ? base : null;
    }

    private static void digits(Map<String, Object> b, int min, int max, int timeoutMillis, String terminating, int interDigitMillis) {
        b.put("minimum_digits", min);
        b.put("maximum_digits", max);
        b.put("timeout_millis", timeoutMillis);
        if (interDigitMillis > 0) {
            b.put("inter_digit_timeout_millis", interDigitMillis);
        }
        if (terminating != null) {
            b.put("terminating_digit", terminating);
        }
    }
}
