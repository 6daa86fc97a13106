package dev.switchboard.directory;

import java.util.UUID;

/**
 * Told, in the transaction that deletes a member, before their row goes: what is theirs but must outlive them
 * (the messages callers left in their mailbox) is moved, by the module that owns it, so the delete goes through
 * and nothing a caller left is lost.
 */
public interface MemberRemoval {

    /** {@code name} is the member's name as it is at the delete, for what should still say whose it was. */
    void memberRemoved(UUID memberId, String name);
}
