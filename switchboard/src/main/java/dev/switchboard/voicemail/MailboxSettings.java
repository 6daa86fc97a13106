package dev.switchboard.voicemail;

import java.util.List;
import java.util.UUID;

/**
 * The settings of one mailbox: the company's general box ({@code memberId} null) or a member's.
 *
 * @param retentionDays 30, 60, 90 or 365: heard messages older than this are deleted (unheard ones are kept until
 *        someone listens); null keeps messages forever
 */
public record MailboxSettings(UUID memberId, GreetingType greetingType, String greetingText, String greetingVoice,
        String greetingLanguage, UUID greetingMediaId, boolean emailEnabled, List<String> emailAddresses,
        boolean attachAudio, boolean smsEnabled, String smsNumber, boolean transcriptionEnabled, Integer retentionDays,
        int maxMessageSeconds) {

    static MailboxSettings defaults(UUID memberId) {
        return new MailboxSettings(memberId, GreetingType.DEFAULT, null, null, null, null, false, List.of(), true, false,
                null, true, 90, 120);
    }

    /** The settings as sent by the API or a form, checked by {@link Mailboxes}. */
    public record Input(String greetingType, @dev.switchboard.platform.Text.MultiLine String greetingText, String greetingVoice, String greetingLanguage,
            UUID greetingMediaId, Boolean emailEnabled, List<String> emailAddresses, Boolean attachAudio, Boolean smsEnabled,
            String smsNumber, Boolean transcriptionEnabled, Integer retentionDays, Boolean keepForever,
            Integer maxMessageSeconds) {
    }
}
