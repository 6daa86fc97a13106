package dev.switchboard.carrier;

import dev.switchboard.calls.CallSignal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Telnyx Call Control v2 events (reference §1) to {@link CallSignal}s, and Telnyx messaging's inbound texts
 * ({@code message.received}, delivered to the same endpoint) to {@link dev.switchboard.calls.TextOptOuts.InboundText}s. Tolerant the way real deliveries
 * need: unknown fields are ignored, {@code client_state} may be null, {@code state} and
 * {@code direction} may be missing.
 */
final class TelnyxEvents {

    private TelnyxEvents() {
    }

    /** A delivery's envelope fields, checked; the message says what is missing. */
    record Envelope(String id, String type, Instant occurredAt, JsonNode payload, Integer attempt) {
    }

    static Envelope envelope(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the body is not a JSON object");
        }
        var data = root.get("data");
        if (data == null || !data.isObject()) {
            throw new IllegalArgumentException("missing data object");
        }
        var id = identifier(data, "id", "data.id");
        var type = identifier(data, "event_type", "data.event_type");
        if (id == null || id.isBlank() || id.length() > 100) {
            throw new IllegalArgumentException("missing data.id");
        }
        if (type == null || type.isBlank() || type.length() > 100) {
            throw new IllegalArgumentException("missing data.event_type");
        }
        var payload = data.get("payload");
        if (payload != null && !payload.isObject()) {
            throw new IllegalArgumentException("data.payload is not an object");
        }
        var meta = root.get("meta");
        Integer attempt = meta != null && meta.isObject() && meta.get("attempt") != null && meta.get("attempt").isIntegralNumber()
                ? meta.get("attempt").asInt() : null;
        return new Envelope(id, type, instant(text(data, "occurred_at")), payload, attempt);
    }

    /** The events that become a call's signals: each must name its leg. */
    private static final java.util.Set<String> CALL_EVENTS = java.util.Set.of("call.initiated", "call.answered", "call.hangup",
            "call.bridged", "call.gather.ended", "call.dtmf.received", "call.speak.ended", "call.playback.ended", "call.recording.saved",
            "call.recording.transcription.saved", "call.transcription", "call.machine.detection.ended",
            "call.machine.premium.detection.ended");

    /**
     * The event as a signal. One the engine acts on without its payload or the leg it is about is malformed
     * (IllegalArgumentException, saying which field): no such delivery can be handled, so it is refused, not stored.
     */
    static CallSignal signal(Envelope e) {
        var p = e.payload();
        if (CALL_EVENTS.contains(e.type())) {
            if (p == null) {
                throw new IllegalArgumentException("missing data.payload (a " + e.type() + " event has one)");
            }
            var legId = identifier(p, "call_control_id", "data.payload.call_control_id");
            if ("call.recording.saved".equals(e.type())) {
                // Telnyx's own schema of this event has no call_control_id (reference §2, recording): the client
                // state we gave record_start names the call then. A message must not be refused for lack of it.
                if ((legId == null || legId.isBlank()) && (text(p, "client_state") == null || text(p, "client_state").isBlank())) {
                    throw new IllegalArgumentException("missing data.payload.call_control_id and data.payload.client_state"
                            + " (a call.recording.saved event names its call by one of them)");
                }
            } else if (legId == null || legId.isBlank()) {
                throw new IllegalArgumentException("missing data.payload.call_control_id (a " + e.type() + " event names its call)");
            }
        }
        var leg = p == null ? null : identifier(p, "call_control_id", "data.payload.call_control_id");
        var session = p == null ? null : identifier(p, "call_session_id", "data.payload.call_session_id");
        var state = p == null ? null : clientState(text(p, "client_state"));
        var at = e.occurredAt();
        return switch (e.type()) {
            case "call.initiated" -> new CallSignal.Initiated(e.id(), leg, session, at, state,
                    !"outgoing".equals(text(p, "direction")), number(p, "from"), number(p, "to"), text(p, "caller_id_name"));
            case "call.answered" -> new CallSignal.Answered(e.id(), leg, session, at, state);
            case "call.hangup" -> new CallSignal.Hangup(e.id(), leg, session, at, state, reason(text(p, "hangup_cause")),
                    side(text(p, "hangup_source")), text(p, "hangup_cause"), text(p, "sip_hangup_cause"));
            case "call.bridged" -> new CallSignal.Bridged(e.id(), leg, session, at, state, number(p, "from"), number(p, "to"));
            case "call.gather.ended" -> new CallSignal.DigitsGathered(e.id(), leg, session, at, state, text(p, "digits"),
                    gatherEnd(text(p, "status")));
            case "call.dtmf.received" -> new CallSignal.DtmfReceived(e.id(), leg, session, at, state, text(p, "digit"));
            case "call.speak.ended", "call.playback.ended" -> new CallSignal.PromptEnded(e.id(), leg, session, at, state,
                    promptEnd(text(p, "status")));
            case "call.recording.saved" -> {
                // The public URLs (an account feature) are valid as long as the file exists, the others 10 minutes: a
                // copy retried after an outage of ours still finds the audio at the public ones.
                yield new CallSignal.RecordingSaved(e.id(), leg, session, at, state, recordingUrl(p, "mp3"), recordingUrl(p, "wav"),
                        instant(text(p, "recording_started_at")), instant(text(p, "recording_ended_at")), text(p, "recording_id"));
            }
            case "call.recording.transcription.saved" -> new CallSignal.RecordingTranscribed(e.id(), leg, session, at, state,
                    text(p, "recording_id"), text(p, "status") == null || "completed".equals(text(p, "status")), text(p, "transcription_text"));
            case "call.recording.error" -> new CallSignal.RecordingFailed(e.id(), leg, session, at, state, text(p, "reason"));
            case "call.transcription" -> {
                var data = p.get("transcription_data");
                yield new CallSignal.Transcribed(e.id(), leg, session, at, state, data == null ? null : text(data, "transcript"),
                        data != null && data.get("is_final") != null && data.get("is_final").asBoolean());
            }
            case "call.machine.detection.ended", "call.machine.premium.detection.ended" ->
                    new CallSignal.MachineDetected(e.id(), leg, session, at, state, answerer(text(p, "result")), text(p, "to"));
            default -> new CallSignal.Other(e.id(), leg, session, at, state, e.type());
        };
    }

    /**
     * A detection's result (the spec's enums: {@code human}, {@code machine}, {@code not_sure}; premium's
     * {@code human_residence}, {@code human_business}, {@code machine}, {@code silence}, {@code fax_detected}) in our
     * words; none or one we do not know is NOT_SURE.
     */
    static CallSignal.Answerer answerer(String result) {
        return switch (result == null ? "" : result) {
            case "human", "human_residence", "human_business" -> CallSignal.Answerer.HUMAN;
            case "machine" -> CallSignal.Answerer.MACHINE;
            default -> CallSignal.Answerer.NOT_SURE;
        };
    }

    /** Telnyx messaging's event for a text sent to one of our numbers. */
    static final String MESSAGE_RECEIVED = "message.received";

    /**
     * A {@code message.received} event (Telnyx messaging, an inbound SMS or MMS) as the text it reports: the sender
     * ({@code data.payload.from.phone_number}), the numbers it was sent to ({@code data.payload.to[].phone_number}),
     * its {@code text} (none for a picture alone) and when it was sent. One without its sender or any recipient is
     * malformed (IllegalArgumentException naming the field): nobody can be opted out or in by it. Null for one whose
     * {@code direction} is given and is not {@code inbound} (not a text sent to us).
     */
    static dev.switchboard.calls.TextOptOuts.InboundText inboundText(Envelope e) {
        var p = e.payload();
        if (p == null) {
            throw new IllegalArgumentException("missing data.payload (a " + e.type() + " event has one)");
        }
        var direction = text(p, "direction");
        if (direction != null && !"inbound".equals(direction)) {
            return null;
        }
        var from = p.get("from");
        var sender = from == null || !from.isObject() ? null : text(from, "phone_number");
        if (sender == null || sender.isBlank()) {
            throw new IllegalArgumentException("missing data.payload.from.phone_number (a " + e.type() + " event names its sender)");
        }
        var to = p.get("to");
        var recipients = new java.util.ArrayList<String>();
        if (to != null && to.isArray()) {
            for (var recipient : to) {
                var number = recipient == null || !recipient.isObject() ? null : text(recipient, "phone_number");
                if (number != null && !number.isBlank()) {
                    recipients.add(number);
                }
            }
        }
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("missing data.payload.to[].phone_number (a " + e.type() + " event names the number texted)");
        }
        var sentAt = instant(text(p, "received_at"));
        return new dev.switchboard.calls.TextOptOuts.InboundText(e.id(), sender, List.copyOf(recipients), text(p, "text"),
                sentAt != null ? sentAt : e.occurredAt());
    }

    /** A call.hangup's hangup_cause (the spec's enum) in our words; none or one we do not know is OTHER. */
    static CallSignal.Reason reason(String cause) {
        return switch (cause == null ? "" : cause) {
            case "normal_clearing" -> CallSignal.Reason.NORMAL;
            case "originator_cancel" -> CallSignal.Reason.CANCELLED;
            case "timeout", "no_answer" -> CallSignal.Reason.NO_ANSWER;
            case "user_busy" -> CallSignal.Reason.BUSY;
            case "call_rejected" -> CallSignal.Reason.REJECTED;
            case "not_found" -> CallSignal.Reason.NOT_FOUND;
            case "time_limit" -> CallSignal.Reason.TIME_LIMIT;
            default -> CallSignal.Reason.OTHER;
        };
    }

    static CallSignal.Side side(String source) {
        return switch (source == null ? "" : source) {
            case "caller" -> CallSignal.Side.CALLER;
            case "callee" -> CallSignal.Side.CALLEE;
            default -> CallSignal.Side.UNKNOWN;
        };
    }

    /** A call.gather.ended's status; one we do not know ends the gather as having failed (no choice made). */
    static CallSignal.GatherEnd gatherEnd(String status) {
        return switch (status == null ? "" : status) {
            case "valid" -> CallSignal.GatherEnd.VALID;
            case "invalid" -> CallSignal.GatherEnd.INVALID;
            case "timeout" -> CallSignal.GatherEnd.TIMEOUT;
            case "call_hangup" -> CallSignal.GatherEnd.CALLER_GONE;
            case "cancelled", "cancelled_amd" -> CallSignal.GatherEnd.STOPPED;
            default -> CallSignal.GatherEnd.FAILED;
        };
    }

    /** A call.speak.ended's or call.playback.ended's status (file_not_found, failed, unknown: FAILED). */
    static CallSignal.PromptEnd promptEnd(String status) {
        return switch (status == null ? "" : status) {
            case "completed" -> CallSignal.PromptEnd.COMPLETED;
            case "cancelled", "cancelled_amd" -> CallSignal.PromptEnd.STOPPED;
            case "call_hangup" -> CallSignal.PromptEnd.CALLER_GONE;
            default -> CallSignal.PromptEnd.FAILED;
        };
    }

    /** client_state is base64 of what we attached; anything else is ignored rather than trusted. */
    static String clientState(String base64) {
        if (base64 == null || base64.isEmpty()) {
            return null;
        }
        try {
            return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * A text field, without any NUL character: PostgreSQL stores no NUL in a text or jsonb value, and a caller's
     * number or name with one (a SIP header can carry anything) must not make their call impossible to record.
     */
    /** A saved recording's URL in {@code format}: the public one when given, else the one that expires. */
    private static String recordingUrl(JsonNode payload, String format) {
        for (var field : new String[] {"public_recording_urls", "recording_urls"}) {
            var urls = payload.get(field);
            var url = urls == null || !urls.isObject() ? null : text(urls, format);
            // Only a web address is fetched (and kept as the recording's): a file: or javascript: one is taken as none.
            if (url != null && !url.isBlank() && (url.regionMatches(true, 0, "https://", 0, 8) || url.regionMatches(true, 0, "http://", 0, 7))) {
                return url;
            }
        }
        return null;
    }

    private static String text(JsonNode node, String field) {
        var value = raw(node, field);
        return value == null || value.indexOf('\0') < 0 ? value : value.replace("\0", "");
    }

    private static String raw(JsonNode node, String field) {
        if (node == null) {
            return null;
        }
        var value = node.get(field);
        if (value != null && value.isContainer()) {
            // Jackson would refuse to read it as a text with its own exception, answered as "not valid JSON" (it is).
            throw new IllegalArgumentException(field + " is " + (value.isArray() ? "a list" : "an object") + " where Telnyx sends a text");
        }
        return value == null || value.isNull() ? null : value.asString();
    }

    /** An identifier ({@code path} names it): refused when it holds a control character, which no id of Telnyx's has. */
    private static String identifier(JsonNode node, String field, String path) {
        var value = raw(node, field);
        if (value != null && value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException(path + " contains a control character, which no Telnyx id has");
        }
        if (value != null && value.length() > MAX_ID_LENGTH) {
            // Stored, it could not be indexed (PostgreSQL's index rows are at most 2,704 bytes): every handling failed.
            throw new IllegalArgumentException(path + " is longer than " + MAX_ID_LENGTH + " characters, which no Telnyx id is");
        }
        return value;
    }

    /** A phone number or SIP address ({@code from}, {@code to}): a text, refused beyond {@link #MAX_ID_LENGTH} as an id is. */
    private static String number(JsonNode node, String field) {
        var value = text(node, field);
        if (value != null && value.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException("data.payload." + field + " is longer than " + MAX_ID_LENGTH + " characters, which no "
                    + "phone number or SIP address is");
        }
        return value;
    }

    /**
     * An instant Telnyx sent, or null (taken as absent, as one that cannot be read is: the event is then handled at when it
     * arrived). Only years 2000 to 2099 are taken: one beyond what PostgreSQL holds failed the event's storing (a 500, the
     * carrier's hangup never taken), one PostgreSQL holds but its JSON writes in a form Java does not read back (year 10000,
     * a year BC) left the call unreadable for every later event, and one decades off made a call's or a message's length
     * overflow.
     */
    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            var at = Instant.parse(text);
            return at.isBefore(EARLIEST) || !at.isBefore(LATEST) ? null : at;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("2100-01-01T00:00:00Z");

    /** How long an id or a number of Telnyx's may be: none is near it, and a longer one cannot be indexed. */
    static final int MAX_ID_LENGTH = 256;
}
