package dev.switchboard.calls;

import java.util.UUID;

/**
 * What we attach to every leg we command, echoed back by the carrier on each of its webhooks: the
 * company, the call and the leg's role, so a signal finds its call without a lookup (and even before
 * the leg is recorded). Written compactly: {@code company|call|role|member}.
 */
public record ClientState(UUID companyId, UUID callId, String role, UUID memberId) {

    public String encode() {
        return companyId + "|" + callId + "|" + role + "|" + (memberId == null ? "" : memberId);
    }

    /** The state, or null for text that is not ours. */
    public static ClientState decode(String text) {
        if (text == null) {
            return null;
        }
        var parts = text.split("\\|", -1);
        if (parts.length != 4) {
            return null;
        }
        try {
            return new ClientState(UUID.fromString(parts[0]), UUID.fromString(parts[1]), parts[2],
                    parts[3].isEmpty() ? null : UUID.fromString(parts[3]));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
