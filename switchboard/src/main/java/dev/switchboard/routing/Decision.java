package dev.switchboard.routing;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * What to do with an incoming call: an optional greeting first, then one action; and the trace of how
 * it was decided, line by line ("why didn't my phone ring?"), with the members it does not ring and why, as data
 * ({@code skipped}: the what-if page and the simulation API list them without reading the trace's words).
 *
 * @param skipped each member passed over on the way, once, in the order met (empty in a plan the call engine stores)
 */
public record Decision(Greeting greeting, Action action, UUID ruleId, boolean record, List<String> trace, List<Skipped> skipped) {

    public Decision {
        skipped = skipped == null ? List.of() : skipped.stream().distinct().toList();
    }

    /** A decision without its skipped members: a plan the call engine makes or stores, whose trace says it all. */
    public Decision(Greeting greeting, Action action, UUID ruleId, boolean record, List<String> trace) {
        this(greeting, action, ruleId, record, trace, List.of());
    }

    /**
     * A member the decision does not ring, and why: the trace's "skipped Bob: on vacation until the end of 2026-12-11"
     * as data.
     *
     * @param until when the reason ends by itself (a vacation's last day's end, a do-not-disturb's instant), else null
     * @param detail the reason in words, as the trace says it (dates in ISO 8601: pages write them their way)
     */
    public record Skipped(UUID memberId, String name, SkipReason reason, java.time.Instant until, String detail) {
    }

    /** Why a member is not rung: the directory's reasons (see {@link dev.switchboard.directory.Eligibility}), and routing's. */
    public enum SkipReason {
        EXTENSION_DISABLED, ON_VACATION, DO_NOT_DISTURB, OFFLINE, AWAY, AT_CALL_LIMIT,
        /** Deleted since the configuration the call was decided on was read. */
        NOT_IN_DIRECTORY,
        /** Neither a SIP address nor a forwarding number to ring. */
        NO_PHONE;

        static SkipReason of(dev.switchboard.directory.Eligibility.Reason reason) {
            return switch (reason) {
                case EXTENSION_DISABLED -> EXTENSION_DISABLED;
                case ON_VACATION -> ON_VACATION;
                case DO_NOT_DISTURB -> DO_NOT_DISTURB;
                case OFFLINE -> OFFLINE;
                case AWAY -> AWAY;
                case AT_CALL_LIMIT -> AT_CALL_LIMIT;
                case NO_PHONE -> NO_PHONE;
            };
        }
    }

    /** Something to say or play before the action (a holiday greeting). */
    public record Greeting(String text, String voice, String language, UUID mediaId) {
    }

    /**
     * One way to reach a member: their SIP phone, their forwarding number, or both at once. With
     * {@code confirmForwarded} whoever answers on the forwarding number is asked to press 1 before the caller
     * is put through (the member's own setting), so the caller is not connected to that phone while it rings.
     */
    public record Ring(UUID memberId, String memberName, List<String> destinations, Duration timeout, boolean confirmForwarded) {
        public Ring(UUID memberId, String memberName, List<String> destinations, Duration timeout) {
            this(memberId, memberName, destinations, timeout, false);
        }
    }

    /** The first step of handling the call. In JSON, {@code type} names which one. */
    @com.fasterxml.jackson.annotation.JsonTypeInfo(use = com.fasterxml.jackson.annotation.JsonTypeInfo.Id.NAME, property = "type")
    @com.fasterxml.jackson.annotation.JsonSubTypes({
            @com.fasterxml.jackson.annotation.JsonSubTypes.Type(value = RingMembers.class, name = "ring_members"),
            @com.fasterxml.jackson.annotation.JsonSubTypes.Type(value = PlayMenu.class, name = "play_menu"),
            @com.fasterxml.jackson.annotation.JsonSubTypes.Type(value = Voicemail.class, name = "voicemail"),
            @com.fasterxml.jackson.annotation.JsonSubTypes.Type(value = Forward.class, name = "forward"),
            @com.fasterxml.jackson.annotation.JsonSubTypes.Type(value = Hangup.class, name = "hangup"),
            @com.fasterxml.jackson.annotation.JsonSubTypes.Type(value = Enqueue.class, name = "enqueue"),
            @com.fasterxml.jackson.annotation.JsonSubTypes.Type(value = MailboxLogin.class, name = "mailbox_login")})
    public sealed interface Action {
    }

    /**
     * Ring members: all at once ({@code simultaneous}), or one after another in the given order; when
     * nobody answers, continue with {@code noAnswer}. {@code ruleId} is the rule whose members these are
     * (null for one member rung directly): a round-robin rule's turn is taken on it when the call rings.
     */
    public record RingMembers(List<Ring> rings, boolean simultaneous, Action noAnswer, UUID ruleId) implements Action {
    }

    /** Play an IVR menu and follow the caller's choice. */
    public record PlayMenu(UUID menuId) implements Action {
    }

    /**
     * Take a message in a member's box, or the general box when {@code memberId} is null; {@code notice}, when
     * there is one, is said before the box's greeting (a member's vacation auto-reply).
     */
    public record Voicemail(UUID memberId, String notice) implements Action {
        public Voicemail(UUID memberId) {
            this(memberId, null);
        }
    }

    /** Send the call to a number outside the company. */
    public record Forward(String number, Duration timeout, Action noAnswer) implements Action {
    }

    /**
     * Say a message (if any) and hang up. {@code refused} when the company's own routing sends the call
     * there (a hang-up target: a blocked caller, "we do not take calls here"), not when it is where a call
     * ends because nobody could take it. A Boolean, not a boolean, so that plans stored before it read as
     * not refused.
     */
    public record Hangup(String message, Boolean refused) implements Action {
        public Hangup {
            refused = Boolean.TRUE.equals(refused);
        }

        public Hangup(String message) {
            this(message, false);
        }
    }

    /** Put the caller in a call queue (which decides who answers, and what happens when nobody can). */
    public record Enqueue(UUID queueId) implements Action {
    }

    /**
     * Voicemail access by phone: the caller enters a PIN for {@code memberId}'s box, or first their
     * extension when it is null. There is no way to dial out from there.
     */
    public record MailboxLogin(UUID memberId) implements Action {
    }
}
