package dev.switchboard.directory;

import dev.switchboard.platform.JsonMergePatch;
import dev.switchboard.platform.JsonMergePatch.NotNullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Set;

/**
 * A team member's settings as sent by the API or a form: text as typed, checked by
 * {@link Members}. On update, a null {@code voicemailPin} keeps the current PIN; {@code clearVoicemailPin}
 * removes it. Other nulls take the defaults.
 */
// The fields GET answers besides these, so its body can be sent back: accepted and ignored (ApiRoundTripTest).
@com.fasterxml.jackson.annotation.JsonIgnoreProperties({"id", "voicemail_pin_set", "availability", "created_at", "updated_at"})
public record MemberInput(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) @NotNullable String name, String email, String role,
        String phoneExtension, String directInwardDial,
        @NotNullable Boolean extensionEnabled, String voicemailPin, Boolean clearVoicemailPin, @NotNullable Boolean callForwardingEnabled,
        @Schema(description = "Required when call_forwarding_enabled is true: the number calls are forwarded to, E.164 or "
                + "national in the company's region (not the member's own direct number, not one of the company's numbers). "
                + "null removes it (refused while forwarding is enabled)") String callForwardingNumber, @NotNullable Boolean simultaneousRingEnabled, @NotNullable Boolean confirmForwardedCalls, @NotNullable Integer ringTimeoutSeconds,
        String voicemailGreetingUrl, String sipAddress, @NotNullable Integer maxConcurrentCalls) {

    /**
     * The API's fields that have no empty value: a null for one here would silently take its default, so a patch that
     * empties one is refused instead.
     */
    public static final Set<String> NOT_NULLABLE = JsonMergePatch.notNullable(MemberInput.class);

    /** The same settings with a new voicemail PIN, or ({@code pin} null) the PIN removed. */
    public MemberInput withVoicemailPin(String pin) {
        return new MemberInput(name, email, role, phoneExtension, directInwardDial, extensionEnabled, pin, pin == null,
                callForwardingEnabled, callForwardingNumber, simultaneousRingEnabled, confirmForwardedCalls, ringTimeoutSeconds,
                voicemailGreetingUrl, sipAddress, maxConcurrentCalls);
    }

    /** The member's settings as they are, as the input that would store them again (the PIN kept as it is). */
    public static MemberInput of(TeamMember m) {
        return new MemberInput(m.name(), m.email(), m.role(), m.phoneExtension() == null ? null : m.phoneExtension().digits(),
                m.directInwardDial() == null ? null : m.directInwardDial().e164(), m.extensionEnabled(), null, null,
                m.callForwardingEnabled(), m.callForwardingNumber() == null ? null : m.callForwardingNumber().e164(),
                m.simultaneousRingEnabled(), m.confirmForwardedCalls(), m.ringTimeoutSeconds(), m.voicemailGreetingUrl(),
                m.sipAddress(), m.maxConcurrentCalls());
    }
}
