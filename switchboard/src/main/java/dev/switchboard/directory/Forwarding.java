package dev.switchboard.directory;

import dev.switchboard.platform.JsonMergePatch;
import dev.switchboard.platform.JsonMergePatch.NotNullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Set;

/**
 * Where a member's calls go besides their SIP phone, as they set it themselves (My status, {@code PATCH
 * /api/v1/members/{id}/forwarding}): exactly the forwarding fields of the admin's member form, no others. It is merged
 * into the member's settings and saved by {@link Members#setForwarding} through the very checks of an admin's save (a
 * number that is not one, the member's own direct number, one of the company's numbers, a loop through a colleague).
 *
 * @param callForwardingEnabled calls ring the forwarding number instead of the SIP phone
 * @param simultaneousRingEnabled the SIP phone and the forwarding number ring at once
 * @param confirmForwardedCalls whoever answers the forwarding number presses 1 before the caller is put through
 */
public record Forwarding(@NotNullable Boolean callForwardingEnabled,
        @Schema(description = "Required when call_forwarding_enabled is true: the number calls are forwarded to, E.164 or "
                + "national in the company's region (not the member's own direct number, not one of the company's numbers). "
                + "null removes it (refused while forwarding is enabled)") String callForwardingNumber, @NotNullable Boolean simultaneousRingEnabled,
        @NotNullable Boolean confirmForwardedCalls) {

    /** The switches, which have no empty value: a patch's {@code null} for one is refused, as {@link MemberInput}'s are. */
    public static final Set<String> NOT_NULLABLE = JsonMergePatch.notNullable(Forwarding.class);

    /** The member's forwarding as it is. */
    public static Forwarding of(TeamMember m) {
        return of(MemberInput.of(m));
    }

    static Forwarding of(MemberInput in) {
        return new Forwarding(in.callForwardingEnabled(), in.callForwardingNumber(), in.simultaneousRingEnabled(),
                in.confirmForwardedCalls());
    }

    /** {@code current} with these four fields in place of its own, and the rest as it is. */
    MemberInput applyTo(MemberInput current) {
        return new MemberInput(current.name(), current.email(), current.role(), current.phoneExtension(),
                current.directInwardDial(), current.extensionEnabled(), current.voicemailPin(), current.clearVoicemailPin(),
                Boolean.TRUE.equals(callForwardingEnabled), callForwardingNumber, Boolean.TRUE.equals(simultaneousRingEnabled),
                Boolean.TRUE.equals(confirmForwardedCalls), current.ringTimeoutSeconds(), current.voicemailGreetingUrl(),
                current.sipAddress(), current.maxConcurrentCalls());
    }
}
