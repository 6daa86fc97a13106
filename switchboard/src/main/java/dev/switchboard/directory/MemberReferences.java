package dev.switchboard.directory;

import java.util.List;
import java.util.UUID;

/**
 * Who else points at a team member (routing rules, menus), so a member still in use is not deleted
 * from under them. Implemented by the modules that hold such references.
 */
public interface MemberReferences {

    /** Descriptions of the things that use the member, empty when none do. */
    List<String> usesOf(UUID memberId);

    /**
     * Why a member may not have {@code extension} (an IVR menu that dials extensions without a prefix uses its
     * first key for an option, so a caller keying it would never reach the extension), or empty.
     */
    default java.util.Optional<String> extensionConflict(String extension) {
        return java.util.Optional.empty();
    }

    /**
     * Holds, for the rest of the transaction, the lock under which this module adds references to members: a member
     * found unused stays unused until their delete commits (else a rule saved meanwhile could target them).
     */
    default void lockReferences() {
    }
}
