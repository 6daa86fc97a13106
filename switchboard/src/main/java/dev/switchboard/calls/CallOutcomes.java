package dev.switchboard.calls;

import java.time.Instant;
import java.util.List;

/**
 * How a call ended, as its log says it (its outcome, who ended it): decided from the call's journey and legs alone, as
 * they are when it ends or when a late webhook changes what is known of it.
 */
final class CallOutcomes {

    private CallOutcomes() {
    }

    /**
     * Whether the caller left a message that makes the call a VOICEMAIL: one that is not very short (a message under
     * {@link dev.switchboard.voicemail.VoicemailMessage#VERY_SHORT_SECONDS} is kept, and its call counts as missed).
     */
    static boolean leftAMessage(CallStore.Journey call) {
        return call.voicemailId() != null && !call.step().path(CallEngine.VERY_SHORT_MESSAGE).asBoolean(false);
    }

    /**
     * How the call ended, as the people reading the call log understand it:
     * <ul>
     * <li>ANSWERED: a person answered: a member (on a simultaneous ring the others' phones were "answered
     * elsewhere", which is never missed), the dialled party of an outbound call; or the system answered
     * someone reading their voicemail.
     * <li>VOICEMAIL: the caller left a message (also when it reached the maximum length; also after a member
     * answered and transferred them blind to someone who did not answer, or sent them to voicemail: who answered first
     * stays answered_by).
     * <li>MISSED: inbound, the caller wanted someone and nobody answered: the phones rang out or nobody was
     * free, the caller hung up while phones rang or at the voicemail greeting without leaving a message, or
     * was told nobody is available. Outbound, the dialled phone rang out unanswered (no answer).
     * <li>ABANDONED: the caller gave up before anyone could be reached (during a greeting, a menu, in a
     * queue); outbound, our member cancelled: did not pick up their own phone, or hung up while the number rang.
     * <li>REJECTED: declined on purpose. Inbound, by the company's own routing: a hang-up target reached
     * without ringing anyone (a blocked caller). Outbound, by the dialled party: declined or busy. (An
     * incoming call to a number no company owns is rejected too, but no company means no call log.)
     * <li>FAILED: the call could not be set up: the carrier refused to place a leg ({@code dial_failed}) or
     * to answer the caller, or the dialled number does not exist ({@code not_found}).
     * <li>CALLBACK_REQUESTED: a queue caller asked to be called back instead of waiting.
     * <li>OFFER_NOT_TAKEN: a queue callback's call out its member never took: no customer was dialled (see
     * {@link #callbackOfferNotTaken}); left out of the call log unless asked for.
     * </ul>
     */
    static Outcome outcome(CallStore.Journey call, List<CallStore.Leg> legs) {
        // A message first: a caller transferred blind (the member who answered hung up) may leave one when the
        // transfer is not answered. A very short one (hung up on the beep) is no message to the caller: see below.
        if (leftAMessage(call)) {
            return Outcome.VOICEMAIL;
        }
        if (call.answeredAt() != null) {
            return Outcome.ANSWERED;
        }
        if (call.step().path("mailbox").asBoolean(false)) {
            return Outcome.ANSWERED; // someone reading their voicemail: the system answered them
        }
        if (callbackOfferNotTaken(call)) {
            return Outcome.OFFER_NOT_TAKEN;
        }
        if (call.step().hasNonNull("setup_failed")) {
            return Outcome.FAILED;
        }
        if ("OUTBOUND".equals(call.direction())) {
            return outboundOutcome(legs);
        }
        if (call.step().path("refused").asBoolean(false)) {
            return Outcome.REJECTED;
        }
        return switch (call.phase()) {
            // Hung up after the beep: missed until the message exists. The carrier saves the recording after the
            // hangup (reference §8.4) and recordingSaved then makes the call a voicemail; should the recording
            // fail (record_start refused, call.recording.error), no message exists and the call stays missed.
            case "RINGING", "HANGUP_MESSAGE", "HANGING_UP", "VOICEMAIL_GREETING", "VOICEMAIL_RECORDING", "FORWARDING" -> Outcome.MISSED;
            case "CALLBACK_CONFIRM" -> Outcome.CALLBACK_REQUESTED;
            default -> Outcome.ABANDONED;
        };
    }

    /**
     * Whether {@code call} is a queue callback's call out whose member never took it (did not answer, declined, their
     * voicemail or a key other than 1, their phone failing): the customer was never dialled. Their answer makes their
     * phone the call's caller leg, before the customer is dialled. As Asterisk's queue log has it (RINGNOANSWER, an
     * agent's event, never an ABANDON), this is the member's miss, which the queue's event log keeps, not a call with the
     * customer: it is not logged ABANDONED (five offers missed would be five calls abandoned that nobody made).
     */
    static boolean callbackOfferNotTaken(CallStore.Journey call) {
        return "OUTBOUND".equals(call.direction()) && call.step().hasNonNull("callback_entry_id") && call.callerLegId() == null;
    }

    /** An unanswered outbound call: what became of the dialled number's leg, or before it of our member's own phone. */
    static Outcome outboundOutcome(List<CallStore.Leg> legs) {
        var target = legs.stream().filter(l -> CallEngine.FORWARD.equals(l.role())).reduce((a, b) -> b).orElse(null);
        var leg = target != null ? target : legs.stream().filter(l -> CallEngine.MEMBER.equals(l.role())).findFirst().orElse(null);
        if (leg == null || leg.hangupCause() == null) {
            return Outcome.ABANDONED; // still ringing
        }
        return switch (CallSignal.Reason.fromStored(leg.hangupCause())) {
            case DIAL_FAILED, NOT_FOUND -> Outcome.FAILED;
            case REJECTED, BUSY -> target != null ? Outcome.REJECTED : Outcome.ABANDONED;
            case NO_ANSWER -> target != null ? Outcome.MISSED : Outcome.ABANDONED;
            // Hung up by us (a normal end, a cancel) when our member hung up.
            default -> Outcome.ABANDONED;
        };
    }

    /**
     * Who ended the call: {@code caller}, {@code member} (the member, or for a forward the outside party, the
     * caller was talking to hung up first), {@code system} (we hung up: a goodbye, a hang-up target),
     * {@code callee} (an outbound call's dialled party) or {@code carrier} (a leg it would not place).
     */
    static String endedBy(CallStore.Journey call, List<CallStore.Leg> legs, CallSignal.Hangup h, String role) {
        if (h.reason() == CallSignal.Reason.DIAL_FAILED) {
            return "carrier";
        }
        if ("OUTBOUND".equals(call.direction()) && !CallEngine.handedOn(call)) {
            return CallEngine.MEMBER.equals(role) ? "member" : "callee";
        }
        // The leg the caller was talking to: the answering member's, the latest answered; of two answered at the
        // same instant (a simultaneous ring both picked up), the one that stayed (the other was hung up at once).
        // Not the leg of a member who hung up during a blind transfer: the caller was left waiting, not talking.
        var left = call.step().path("transfer_left_leg").asString(null);
        // (A call out handed on: its caller, the number it dialled, is among its legs too.)
        var talkingTo = legs.stream().filter(l -> !CallEngine.CALLER.equals(l.role()) && !l.legId().equals(call.callerLegId())
                        && l.answeredAt() != null && !l.legId().equals(left))
                .filter(l -> call.answeredBy() == null || call.answeredBy().equals(l.memberId()) || l.memberId() == null)
                .max(java.util.Comparator.comparing(CallStore.Leg::answeredAt)
                        .thenComparing(l -> l.endedAt() == null ? Instant.MAX : l.endedAt()))
                .orElse(null);
        // The member hung up first if their leg ended before this hangup happened, or with it when the caller did
        // not hang up themselves (we ended their leg after the member's). When the caller hangs up, the carrier
        // ends the bridged leg at the same instant, and that leg's webhook may be handled first.
        boolean memberGone = talkingTo != null && !talkingTo.legId().equals(h.legId()) && "ENDED".equals(talkingTo.state());
        boolean memberFirst = memberGone && talkingTo.endedAt() != null && h.occurredAt() != null && talkingTo.endedAt().isBefore(h.occurredAt());
        if (CallEngine.handedOn(call)) {
            // The number dialled is an outgoing leg: the callee's side is theirs, the caller's ours.
            return memberFirst || memberGone && h.side() != CallSignal.Side.CALLEE ? "member" : "callee";
        }
        if (memberFirst || memberGone && h.side() != CallSignal.Side.CALLER) {
            return "member";
        }
        // The side that hung up an incoming leg: the caller, or the callee (our side: a command of ours).
        return h.side() == CallSignal.Side.CALLEE ? "system" : "caller";
    }

    /**
     * What a call taken for answered is once it turns out nobody talked to its caller (they hung up before the answer was
     * heard, or before they could be put through): the message they left, abandoned in a queue's line, else missed.
     */
    static Outcome notAnsweredAfterAll(CallStore.Journey call) {
        return leftAMessage(call) ? Outcome.VOICEMAIL : call.step().hasNonNull("entry_id") ? Outcome.ABANDONED : Outcome.MISSED;
    }
}
