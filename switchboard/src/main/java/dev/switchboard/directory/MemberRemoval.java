package dev.switchboard.directory;

import java.util.UUID;

/**
 * Told, in the transaction that deletes a member, before their row goes: what is theirs but must outlive them
 * (the messages callers left in their mailbox) is moved, and what they are part of (a queue's members) lets them go,
 * by the module that owns it, so the delete goes through, nothing a caller left is lost, and the owner is told.
 */
public interface MemberRemoval {

    /**
     * {@code name} is the member's name as it is at the delete, for what should still say whose it was; {@code actor}
     * who deletes them, for the audit entries of the changes. Returns what changed, in words ("taken out of queue
     * 'Support'"), empty when nothing did.
     */
    java.util.List<String> memberRemoved(dev.switchboard.tenancy.Actor actor, UUID memberId, String name);
}
