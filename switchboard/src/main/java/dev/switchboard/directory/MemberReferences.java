package dev.switchboard.directory;

import java.util.List;
import java.util.UUID;

/**
 * Who else points at a team member (routing rules, menus), so a member still in use is not deleted
 * from under them. Implemented by the modules that hold such references.
 */
public interface MemberReferences {

    /**
     * A place that sends calls somewhere (to a member, a rule, a queue): what kind of place, which one ({@code id}, null
     * for the phone settings, of which there is one) and its name, so a page can link to it and a refusal name it.
     */
    record Use(Kind kind, UUID id, String name) {

        /** The kinds of places that send calls. */
        public enum Kind {
            ROUTING_RULE, IVR_MENU, QUEUE, PHONE_SETTINGS
        }

        /** The place in words, as refusals name it: "routing rule 'Main line'", "the after-hours target of the phone settings". */
        public String description() {
            return switch (kind) {
                case ROUTING_RULE -> "routing rule '" + name + "'";
                case IVR_MENU -> "IVR menu '" + name + "'";
                case QUEUE -> "queue '" + name + "'";
                case PHONE_SETTINGS -> "the " + name + " of the phone settings";
            };
        }
    }

    /** The places that send calls to the member, empty when none do. */
    List<Use> usesOf(UUID memberId);

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
