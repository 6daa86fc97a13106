package dev.switchboard.calls;

import java.util.UUID;

/**
 * What we attach to every leg we command, echoed back by the carrier on each of its webhooks: the
 * company, the call and the leg's role, so a signal finds its call without a lookup (and even before
 * the leg is recorded). Written compactly: {@code company|call|role|member}, with {@code |stop} after it
 * on the state we stop a prompt with ({@link #stopping}).
 */
public record ClientState(UUID companyId, UUID callId, String role, UUID memberId, boolean stopping) {

    private static final String STOP = "stop";

    public ClientState(UUID companyId, UUID callId, String role, UUID memberId) {
        this(companyId, callId, role, memberId, false);
    }

    public String encode() {
        return companyId + "|" + callId + "|" + role + "|" + (memberId == null ? "" : memberId) + (stopping ? "|" + STOP : "");
    }

    /**
     * The encoded state {@code text} marked as the one we stop a prompt with: Telnyx reports a stopped speak as
     * {@code completed} (call.speak.ended has no cancelled), under the client state the stop command set, so that
     * state is how the end of a prompt we stopped is told from the end of one that played through. Text that is
     * not ours is returned as it is.
     */
    public static String stopping(String text) {
        var state = decode(text);
        return state == null ? text : new ClientState(state.companyId, state.callId, state.role, state.memberId, true).encode();
    }

    /** The roles a leg can have (the database refuses any other: {@code call_legs.role}). */
    private static final java.util.Set<String> ROLES = java.util.Set.of(CallEngine.CALLER, CallEngine.MEMBER, CallEngine.FORWARD);

    /**
     * The state, or null for text that is not ours: a state naming a role no leg has is not one we wrote (a signed
     * event can still carry a client state that was altered on its way), and taking it would fail the leg's write on
     * every retry.
     */
    public static ClientState decode(String text) {
        if (text == null) {
            return null;
        }
        var parts = text.split("\\|", -1);
        if (parts.length != 4 && !(parts.length == 5 && STOP.equals(parts[4])) || !ROLES.contains(parts[2])) {
            return null;
        }
        try {
            return new ClientState(UUID.fromString(parts[0]), UUID.fromString(parts[1]), parts[2],
                    parts[3].isEmpty() ? null : UUID.fromString(parts[3]), parts.length == 5);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
