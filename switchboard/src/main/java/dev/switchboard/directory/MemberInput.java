package dev.switchboard.directory;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Set;

/**
 * A team member's settings as sent by the API or a form: text as typed, checked by
 * {@link Members}. On update, a null {@code voicemailPin} keeps the current PIN; {@code clearVoicemailPin}
 * removes it. Other nulls take the defaults.
 */
public record MemberInput(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String name, String email, String role,
        String phoneExtension, String directInwardDial,
        Boolean extensionEnabled, String voicemailPin, Boolean clearVoicemailPin, Boolean callForwardingEnabled,
        String callForwardingNumber, Boolean simultaneousRingEnabled, Boolean confirmForwardedCalls, Integer ringTimeoutSeconds,
        String voicemailGreetingUrl, String sipAddress, Integer maxConcurrentCalls) {

    /**
     * The API's fields that have no empty value: a null for one here would silently take its default, so a patch that
     * empties one is refused instead.
     */
    public static final Set<String> NOT_NULLABLE = Set.of("name", "extension_enabled", "call_forwarding_enabled",
            "simultaneous_ring_enabled", "confirm_forwarded_calls", "ring_timeout_seconds", "max_concurrent_calls");

    /** The member's settings as they are, as the input that would store them again (the PIN kept as it is). */
    public static MemberInput of(TeamMember m) {
        return new MemberInput(m.name(), m.email(), m.role(), m.phoneExtension() == null ? null : m.phoneExtension().digits(),
                m.directInwardDial() == null ? null : m.directInwardDial().e164(), m.extensionEnabled(), null, null,
                m.callForwardingEnabled(), m.callForwardingNumber() == null ? null : m.callForwardingNumber().e164(),
                m.simultaneousRingEnabled(), m.confirmForwardedCalls(), m.ringTimeoutSeconds(), m.voicemailGreetingUrl(),
                m.sipAddress(), m.maxConcurrentCalls());
    }
}
