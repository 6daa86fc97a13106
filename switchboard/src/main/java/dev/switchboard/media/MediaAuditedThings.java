package dev.switchboard.media;

import dev.switchboard.tenancy.AuditedThings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The audio files the activity page names (a greeting, hold music, a menu's recording) by the name they were uploaded
 * as, and by what they are for. No page shows one file, so none is linked.
 */
@Component
class MediaAuditedThings implements AuditedThings {

    /** What a file is for, as a noun: "uploaded greeting 'after-hours.wav'". */
    static final Map<String, String> PURPOSES = Map.of("greeting", "greeting", "ivr", "menu recording",
            "hold-music", "hold music", "announcement", "announcement", "voicemail", "voicemail recording",
            "recording", "call recording");
    static final Map<String, String> LABELS = Map.of("original_name", "File", "purpose", "For",
            "duration_millis", "Length (ms)");

    private final Media media;

    MediaAuditedThings(Media media) {
        this.media = media;
    }

    @Override
    public Map<String, Shown> find(String entityType, Set<String> ids) {
        var found = new HashMap<String, Shown>();
        if (entityType.equals("media")) {
            for (var id : ids) {
                try {
                    media.find(UUID.fromString(id)).ifPresent(f -> found.put(id, new Shown(name(f), null)));
                } catch (IllegalArgumentException notAnId) {
                    // Stored as text: anything else names no file.
                }
            }
        }
        return found;
    }

    /** The name it was uploaded as; one the system stored has none but what it is for. */
    private static String name(MediaFile f) {
        return f.originalName() != null && !f.originalName().isBlank() ? f.originalName()
                : PURPOSES.getOrDefault(f.purpose(), f.purpose());
    }

    @Override
    public String words(String entityType, String field, String value) {
        return entityType.equals("media") && field.equals("purpose") ? PURPOSES.get(value) : null;
    }

    @Override
    public String label(String entityType, String field) {
        return entityType.equals("media") ? LABELS.get(field) : null;
    }

    @Override
    public List<String> summary(String entityType) {
        return entityType.equals("media") ? List.of("original_name", "purpose") : List.of();
    }
}
