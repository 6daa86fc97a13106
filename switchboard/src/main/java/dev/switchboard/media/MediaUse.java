package dev.switchboard.media;

import java.util.UUID;

/**
 * A place that plays an uploaded prompt to callers, so that the file is not deleted from under it: what kind of place,
 * which one ({@code id}: the mailbox's member, null for the general mailbox and for a call), and its name.
 */
public record MediaUse(Kind kind, UUID id, String name) {

    /** The kinds of places that play a prompt, each with the part of it that does. */
    public enum Kind {
        MAILBOX("greeting"), HOLIDAY("greeting"), IVR_MENU("greeting"), QUEUE("hold music"), CALL("playing it now");

        private final String part;

        Kind(String part) {
            this.part = part;
        }

        /** The part of the place that plays the file: "greeting", "hold music". */
        public String part() {
            return part;
        }
    }

    /** The place alone, as a page's link to it reads: "Ann Lee's mailbox", "holiday 'Christmas'", "a call in progress". */
    public String place() {
        return switch (kind) {
            case MAILBOX -> id == null ? "the general mailbox" : name + "'s mailbox";
            case HOLIDAY -> "holiday '" + name + "'";
            case IVR_MENU -> "IVR menu '" + name + "'";
            case QUEUE -> "queue '" + name + "'";
            case CALL -> "a call in progress";
        };
    }

    /** The place with its part, as refusals name it: "holiday 'Christmas' (greeting)", "queue 'Support' (hold music)". */
    public String description() {
        return place() + " (" + kind.part() + ")";
    }

    /** The page where the place is changed (null for a call, which no page changes: it ends by itself). */
    public String href() {
        return switch (kind) {
            case MAILBOX -> "/settings/communications/phone/voicemail" + (id == null ? "" : "?box=" + id);
            case HOLIDAY -> "/settings/communications/phone/holidays/" + id;
            case IVR_MENU -> "/settings/communications/phone/call-flows/" + id;
            case QUEUE -> "/queues/" + id;
            case CALL -> null;
        };
    }

    /** As a page lists it, linked ({@link dev.switchboard.platform.PlaceLink}). */
    public dev.switchboard.platform.PlaceLink link() {
        return new dev.switchboard.platform.PlaceLink(place(), href(), " (" + kind.part() + ")");
    }
}
