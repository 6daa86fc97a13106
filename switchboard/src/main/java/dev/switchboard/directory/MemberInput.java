package dev.switchboard.directory;

/**
 * A team member's settings as sent by the API or a form: text as typed, checked by
 * {@link Members}. On update, a null {@code voicemailPin} keeps the current PIN; {@code clearVoicemailPin}
 * removes it. Other nulls take the defaults.
 */
public record MemberInput(String name, String email, String role, String phoneExtension, String directInwardDial,
        Boolean extensionEnabled, String voicemailPin, Boolean clearVoicemailPin, Boolean callForwardingEnabled,
        String callForwardingNumber, Boolean simultaneousRingEnabled, Boolean confirmForwardedCalls, Integer ringTimeoutSeconds,
        String voicemailGreetingUrl, String sipAddress, Integer maxConcurrentCalls) {
}
