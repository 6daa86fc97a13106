package dev.switchboard.voicemail.web;

import dev.switchboard.directory.Members;
import dev.switchboard.tenancy.AuditedThings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The voicemail boxes the activity page names: the general one (always there) and each member's (there while the
 * member is), all set on the Voicemail tab, and their greeting's type as that tab says it.
 */
@Component
class VoicemailAuditedThings implements AuditedThings {

    static final Map<String, String> GREETING_TYPES = Map.of("DEFAULT", "Standard (\"please leave a message\")",
            "TEXT_TO_SPEECH", "Your text, read out by a computer voice", "AUDIO", "Uploaded recording");

    /** The Voicemail tab's labels (settings/voicemail.html and its greeting fragment, fragments/greeting.html), the greeting's type under its fieldset's legend. */
    static final Map<String, String> LABELS = Map.ofEntries(Map.entry("greeting_text", "Text to speak"),
            Map.entry("greeting_media_id", "Upload a recording"), Map.entry("email_enabled", "Email new messages"),
            Map.entry("email_addresses", "Email addresses"), Map.entry("attach_audio", "Attach the recording"),
            Map.entry("sms_enabled", "Text new messages to a mobile phone"), Map.entry("sms_number", "Mobile number to text"),
            Map.entry("transcription_enabled", "Transcribe messages"), Map.entry("retention_days", "Keep messages"),
            Map.entry("max_message_seconds", "Longest message"));

    /**
     * A deleted message in a few words: who left it, for whom, when, on which call (linked to the call's page while the
     * log has it), how long, what it said (no page shows these as a form).
     */
    static final List<String> MESSAGE_SUMMARY = List.of("from_number", "customer_id", "member_id", "was_for", "received_at",
            "call_id", "duration_seconds", "transcription");
    static final Map<String, String> MESSAGE_LABELS = Map.of("from_number", "From", "customer_id", "Customer", "member_id", "For",
            "was_for", "For (a deleted member)", "received_at", "Left", "call_id", "Call", "duration_seconds", "Length (seconds)",
            "transcription", "Transcription");

    private final Members members;

    VoicemailAuditedThings(Members members) {
        this.members = members;
    }

    @Override
    public Map<String, Shown> find(String entityType, Set<String> ids) {
        var found = new HashMap<String, Shown>();
        if (entityType.equals("voicemail_box")) {
            if (ids.contains("general")) {
                found.put("general", new Shown(null, VoicemailTab.URL));
            }
            members.list().stream().filter(m -> ids.contains(m.id().toString()))
                    .forEach(m -> found.put(m.id().toString(), new Shown(m.name(), VoicemailTab.URL)));
        }
        return found;
    }

    @Override
    public String words(String entityType, String field, String value) {
        return entityType.equals("voicemail_box") && field.equals("greeting_type") ? GREETING_TYPES.get(value) : null;
    }

    @Override
    public String label(String entityType, String field) {
        return switch (entityType) {
            case "voicemail_box" -> field.equals("greeting_type") ? "Greeting" : LABELS.get(field);
            case "voicemail_message" -> MESSAGE_LABELS.get(field);
            default -> null;
        };
    }

    @Override
    public List<String> summary(String entityType) {
        return entityType.equals("voicemail_message") ? MESSAGE_SUMMARY : List.of();
    }
}
