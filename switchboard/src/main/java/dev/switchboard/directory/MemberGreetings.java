package dev.switchboard.directory;

import dev.switchboard.tenancy.Actor;
import java.util.UUID;

/**
 * A member's voicemail greeting as My status shows and sets it. Greetings are the voicemail module's, which depends on
 * this one: it implements this port, so that the member's own page can offer them without the directory knowing the
 * voicemail.
 */
public interface MemberGreetings {

    /**
     * The greeting as it is: its type (DEFAULT, TEXT_TO_SPEECH, AUDIO), text, voice and language; the recording's name and a
     * short-lived URL to play it (null for none); and what callers hear now, in words.
     */
    record Greeting(String type, String text, String voice, String language, String audioName, String audioUrl,
            String callersHear) {
    }

    Greeting of(UUID memberId);

    /**
     * Until when member {@code memberId}'s voicemail by phone is locked after wrong PINs in a row, or null when it is not
     * locked now.
     */
    default java.time.Instant phoneLockedUntil(UUID memberId) {
        return null;
    }

    /**
     * Sets member {@code memberId}'s greeting, checked as the admin's voicemail settings are (a refusal throws
     * {@link dev.switchboard.platform.InvalidInputException} naming the field and changes nothing); {@code file} (null:
     * none) is an upload for it.
     */
    void set(Actor actor, UUID memberId, String type, String text, String voice, String language, String fileName, byte[] file);
}
