package dev.switchboard.calls;

import dev.switchboard.routing.PhoneSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a call is billed and costs: its connected time rounded up to the company's increment, at the company's rates for
 * its direction, and the legs we placed to phone numbers, each a call out of its own.
 */
final class CallCharges {

    private CallCharges() {
    }

    /** What a call ending at {@code at} costs: the journey's billable time at its direction's rate, and the legs we placed to numbers. */
    static long cost(CallStore.Journey call, List<CallStore.Leg> legs, Instant at, long billable, PhoneSettings.Settings settings) {
        boolean outbound = "OUTBOUND".equals(call.direction());
        int increment = settings.billingIncrementSeconds();
        // The journey itself is billed at its direction's rate: an inbound call from when we answered the
        // caller; an outbound call from when the dialled party answered (connected_at), at the outbound rate.
        long cost = cents(billable, outbound ? settings.outboundRateCentsPerMinute() : settings.inboundRateCentsPerMinute());
        // An outbound call's dialled party is its first FORWARD leg to the number it dialled: a transfer later to that same
        // number is a call out of its own (it was taken for the journey too, and not charged: found by a walk).
        var journeyLeg = !outbound ? null : legs.stream()
                .filter(l -> CallEngine.FORWARD.equals(l.role()) && call.to().equals(l.destination()))
                .min(java.util.Comparator.comparing(CallStore.Leg::startedAt, java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder())))
                .orElse(null);
        for (var leg : legs) {
            // Legs we placed to phone numbers (a member's forwarding number, a forward or transfer to an outside
            // number) are calls out of their own, at the outbound rate. An outbound call's dialled party (its
            // FORWARD leg to the number it dialled) is the journey billed above: not counted twice. (One it was
            // transferred to is a call out of its own.)
            boolean journeyItself = leg == journeyLeg;
            // From when the carrier connected it, which is when it bills it: a forwarded phone asked to press 1 (or waited on
            // for a machine's detection) from its pickup, not from the key, and one that never pressed (its voicemail took
            // the question) all the same. A leg recorded before that time was kept: from its answer.
            var connected = leg.billedFrom();
            if (connected != null && leg.destination() != null && leg.destination().startsWith("+") && !CallEngine.CALLER.equals(leg.role())
                    && !journeyItself) {
                // Until that leg ended (a member who answered on their cell and then transferred the call away),
                // or until the call ends.
                var legEnd = leg.endedAt() != null && leg.endedAt().isBefore(at) ? leg.endedAt() : at;
                cost += cents(billable(Duration.between(connected, legEnd), increment), settings.outboundRateCentsPerMinute());
            }
        }
        return cost;
    }

    /**
     * A connected time as billed: every started second, rounded up to the increment (the carrier's times carry
     * microseconds: 60.5 s at a 60 s increment is two increments, and an answer the caller left 0.9 s later is one).
     */
    static long billable(Duration connected, int increment) {
        long millis = connected.toMillis();
        if (millis <= 0) {
            return 0;
        }
        long seconds = (millis + 999) / 1000;
        return ((seconds + increment - 1) / increment) * increment;
    }

    static long cents(long billableSeconds, int centsPerMinute) {
        return (billableSeconds * centsPerMinute + 59) / 60;
    }

    /** A call's own billed time, from when it was connected (none if it never was) until {@code end}. */
    static long billable(CallStore.Journey call, Instant end, int increment) {
        return call.connectedAt() == null ? 0 : billable(Duration.between(call.connectedAt(), end), increment);
    }
}
