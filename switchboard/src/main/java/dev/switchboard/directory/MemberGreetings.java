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
     * Where the member's new messages are sent: email on or off, its addresses (separated by commas, as a form shows them),
     * the recording attached or not, a text on or off and its number; {@code noEmailServer} says, when not null, that no
     * email can go out yet (no email server is connected).
     */
    record Notifications(boolean emailEnabled, String emailAddresses, boolean attachAudio, boolean smsEnabled, String smsNumber,
            String noEmailServer) {
    }

    /** Where member {@code memberId}'s new messages are sent (null when there is no voicemail to notify). */
    default Notifications notificationsOf(UUID memberId) {
        return null;
    }

    /**
     * Sets where member {@code memberId}'s new messages are sent, checked as the admin's voicemail settings are (a refusal
     * throws {@link dev.switchboard.platform.InvalidInputException} naming the field and changes nothing); returns the
     * save's warnings in words (nobody is told, no email server), empty for none.
     */
    default java.util.List<String> setNotifications(Actor actor, UUID memberId, boolean emailEnabled, java.util.List<String> emailAddresses,
            boolean attachAudio, boolean smsEnabled, String smsNumber) {
        throw new UnsupportedOperationException("no voicemail");
    }

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
     * none) is an upload for it. Returns the save's warnings about the greeting, in words (empty for none).
     */
    java.util.List<String> set(Actor actor, UUID memberId, String type, String text, String voice, String language, String fileName,
            byte[] file);
}
