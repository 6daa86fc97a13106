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
     * for the phone settings, of which there is one), its name, and which of its parts do ({@code parts}: "members",
     * "no-answer target", "key 2"), so a page can link to it and a refusal name it down to the field to change.
     */
    record Use(Kind kind, UUID id, String name, List<String> parts) {

        /** The kinds of places that send calls (a holiday: to the routing rule it follows that day). */
        public enum Kind {
            ROUTING_RULE, IVR_MENU, QUEUE, PHONE_SETTINGS, HOLIDAY
        }

        public Use {
            parts = parts == null ? List.of() : List.copyOf(parts);
        }

        public Use(Kind kind, UUID id, String name) {
            this(kind, id, name, List.of());
        }

        /**
         * The place in words, as refusals name it, with the parts that send the calls: "routing rule 'Main line'
         * (members, no-answer target)", "IVR menu 'Main' (key 2)", "the after-hours target of the phone settings".
         */
        public String description() {
            return parts.isEmpty() ? place() : place() + " (" + String.join(", ", parts) + ")";
        }

        /** The place alone, without its parts: "routing rule 'Main line'", as a page's link to it reads. */
        public String place() {
            return switch (kind) {
                case ROUTING_RULE -> "routing rule '" + name + "'";
                case IVR_MENU -> "IVR menu '" + name + "'";
                case QUEUE -> "queue '" + name + "'";
                case PHONE_SETTINGS -> "the " + name + " of the phone settings";
                case HOLIDAY -> "holiday '" + name + "'";
            };
        }

        /** The page where this very place is changed: the rule's, the menu's, the queue's, the holiday's, or the phone settings'. */
        public String href() {
            return switch (kind) {
                case ROUTING_RULE -> "/settings/communications/phone/routing/" + id;
                case IVR_MENU -> "/settings/communications/phone/call-flows/" + id;
                case QUEUE -> "/queues/" + id;
                case PHONE_SETTINGS -> "/settings/communications/phone/general";
                case HOLIDAY -> "/settings/communications/phone/holidays/" + id;
            };
        }

        /** As the pages list it ({@code fragments/ui :: uses}): the place linked to its page, then its parts. */
        public dev.switchboard.platform.PlaceLink link() {
            return new dev.switchboard.platform.PlaceLink(place(), href(), dev.switchboard.platform.PlaceLink.parts(parts));
        }

        /**
         * {@code uses} with each place once, in the order first found, its parts gathered: a rule that has the member
         * in its members and as its no-answer target is one use with both parts.
         */
        public static List<Use> merged(List<Use> uses) {
            var byPlace = new java.util.LinkedHashMap<List<Object>, Use>();
            for (var u : uses) {
                byPlace.merge(java.util.Arrays.asList(u.kind(), u.id(), u.name()), u, (a, b) -> {
                    var parts = new java.util.LinkedHashSet<>(a.parts());
                    parts.addAll(b.parts());
                    return new Use(a.kind(), a.id(), a.name(), List.copyOf(parts));
                });
            }
            return List.copyOf(byPlace.values());
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
