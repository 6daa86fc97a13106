package dev.switchboard.directory;

import dev.switchboard.shared.Extension;
import dev.switchboard.shared.PhoneNumber;
import java.time.Instant;
import java.util.UUID;

/**
 * A person who takes calls, with the seed's nine extension fields, their phone's SIP address and how
 * many calls they can have at once. With {@code confirmForwardedCalls}, whoever answers a call rung on their
 * forwarding number is asked to press 1 before the caller is put through (a cell's own voicemail does not take
 * the call), and before the customer is dialled on a queue callback or click-to-call rung to it. The voicemail PIN is stored hashed and is never part of this
 * value: {@code voicemailPinSet} only says whether there is one.
 */
public record TeamMember(UUID id, String name, String email, String role, Extension phoneExtension,
        PhoneNumber directInwardDial, boolean extensionEnabled, boolean voicemailPinSet,
        boolean callForwardingEnabled, PhoneNumber callForwardingNumber, boolean simultaneousRingEnabled,
        boolean confirmForwardedCalls, int ringTimeoutSeconds, String voicemailGreetingUrl, String sipAddress, int maxConcurrentCalls,
        Availability availability, Instant createdAt, Instant updatedAt) {

    /**
     * Where this member's phone rings: forwarding on sends calls to the forwarding number instead of the SIP
     * phone; simultaneous ring rings the SIP phone and the forwarding number at once (whether or not
     * forwarding is on: "ring phone and forwarding number at once" is what the member asked for). The SIP address and
     * the forwarding number in E.164, in that order. What the engine dials (routing's {@code Router.destinations}) and
     * what My status tells the member, from one place.
     */
    public java.util.List<String> phonesRung() {
        var result = new java.util.ArrayList<String>();
        boolean number = callForwardingNumber != null;
        boolean instead = number && callForwardingEnabled && !simultaneousRingEnabled;
        if (sipAddress != null && !instead) {
            result.add(sipAddress);
        }
        if (number && (callForwardingEnabled || simultaneousRingEnabled)) {
            result.add(callForwardingNumber.e164());
        }
        return java.util.List.copyOf(result);
    }

    /**
     * For an owner who just saved this member: that no phone of theirs rings (see {@link #phonesRung}), so every call for
     * them goes to their voicemail, and what to change; empty when a phone rings or their extension is disabled on
     * purpose. A cell number typed as the forwarding number rings only with forwarding (or ring both at once) on, and a
     * member saved so was told their direct number reached them (found by the team walk).
     */
    public java.util.Optional<String> noPhoneNote() {
        if (!extensionEnabled || !phonesRung().isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(callForwardingNumber != null
                ? "No phone rings for " + name + " yet: their forwarding number is rung only with Forward calls (or Ring phone"
                        + " and forwarding number at once) turned on, and they have no desk phone or phone app address, so their"
                        + " calls go to their voicemail. Edit them to turn forwarding on."
                : "No phone rings for " + name + " yet: they have no desk phone or phone app address and no forwarding number,"
                        + " so their calls go to their voicemail. Edit them to give one.");
    }

    /** The same member with another availability. */
    public TeamMember withAvailability(Availability now) {
        return new TeamMember(id, name, email, role, phoneExtension, directInwardDial, extensionEnabled, voicemailPinSet,
                callForwardingEnabled, callForwardingNumber, simultaneousRingEnabled, confirmForwardedCalls, ringTimeoutSeconds,
                voicemailGreetingUrl,
                sipAddress, maxConcurrentCalls, now, createdAt, updatedAt);
    }
}
