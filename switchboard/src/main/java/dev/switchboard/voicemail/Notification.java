package dev.switchboard.voicemail;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * What a new-message notification says: an email (subject and plain-text body) or one SMS. Times are
 * in the company's timezone.
 *
 * @param box "the general mailbox" or the member's name
 * @param caller the caller's name when they are a known customer, else null
 * @param from the caller's number as people read it, or null when withheld
 * @param transcription the transcription, null when there is none (yet)
 * @param transcriptionExpected the box transcribes, so a missing one is "not ready" rather than "off"
 * @param audioAttached the email carries the recording
 */
record Notification(String company, String box, String caller, String from, Instant receivedAt, ZoneId zone,
        int durationSeconds, String transcription, boolean transcriptionExpected, boolean audioAttached, String link) {

    static final int SMS_LENGTH = 160;

    private static final DateTimeFormatter LONG = DateTimeFormatter.ofPattern("EEE d MMM yyyy, h:mm a zzz", Locale.US);
    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("EEE h:mma zzz", Locale.US);

    String who() {
        var number = from == null ? "a withheld number" : from;
        return caller == null ? number : caller + " (" + number + ")";
    }

    String length() {
        return durationSeconds / 60 + ":" + String.format(Locale.ROOT, "%02d", durationSeconds % 60);
    }

    String time() {
        return LONG.format(receivedAt.atZone(zone));
    }

    /**
     * The caller hung up at the beep ({@link VoicemailMessage#isVeryShort}): their call counts as missed, and a "new
     * voicemail" with a second of silence to play would be a false alarm; they are told as a missed call to return.
     */
    boolean missedCall() {
        return VoicemailMessage.isVeryShort(durationSeconds);
    }

    String subject() {
        if (missedCall()) {
            return "Missed call from " + who() + " (hung up at the beep)";
        }
        return "New voicemail from " + who() + " (" + length() + ")";
    }

    String emailBody() {
        var b = new StringBuilder();
        if (missedCall()) {
            b.append("Missed call for ").append(box).append(" at ").append(company).append(": the caller reached voicemail ")
                    .append("and hung up at the beep, leaving no message.\n\n");
            b.append("From:     ").append(who()).append('\n');
            b.append("Received: ").append(time()).append('\n');
            b.append('\n');
            b.append("Call them back. The ").append(durationSeconds).append("-second recording is kept in Switchboard.\n");
            b.append(link).append('\n');
            return b.toString();
        }
        b.append("New voicemail for ").append(box).append(" at ").append(company).append(".\n\n");
        b.append("From:     ").append(who()).append('\n');
        b.append("Received: ").append(time()).append('\n');
        b.append("Length:   ").append(length()).append('\n');
        b.append('\n');
        if (transcription != null && !transcription.isBlank()) {
            b.append("Transcription:\n").append(transcription.strip()).append("\n\n");
        } else if (transcriptionExpected) {
            b.append("The transcription was not ready when this email was sent; it will be in Switchboard.\n\n");
        }
        b.append(audioAttached ? "The recording is attached.\n" : "Listen to it in Switchboard.\n");
        b.append(link).append('\n');
        return b.toString();
    }

    /** One SMS segment: who, when, how long, and as much of the transcription as fits. */
    String sms() {
        if (missedCall()) {
            return cut("Missed call from " + who() + ", " + SHORT.format(receivedAt.atZone(zone)) + " (hung up at the beep)", SMS_LENGTH);
        }
        var head = "Voicemail from " + who() + ", " + SHORT.format(receivedAt.atZone(zone)) + " (" + length() + ")";
        if (transcription == null || transcription.isBlank()) {
            return cut(head, SMS_LENGTH);
        }
        var text = head + ": " + transcription.strip().replaceAll("\\s+", " ");
        return cut(text, SMS_LENGTH);
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 3).stripTrailing() + "...";
    }
}
