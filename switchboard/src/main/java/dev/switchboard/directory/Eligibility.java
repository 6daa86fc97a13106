package dev.switchboard.directory;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Who may be offered a call now, and why the others may not: the seed's
 * {@code get_available_team_members}. A pure function of the members, the instant and the company's
 * timezone, so it can be tested and simulated at any instant.
 *
 * <p>A member is left out, with the first reason that applies, when: the extension is disabled; they
 * are on vacation (until the end of its last day); in do-not-disturb (until its instant); their status
 * is offline or away; or they already have as many calls as their limit.
 *
 * <p>The <b>availability score</b> (0 to 100, higher is better) of an eligible member is the sum of:
 * <ul>
 *   <li><b>state</b>, up to 40: idle 40, wrap-up 15, ringing or on another call (below the limit) 5;
 *   <li><b>idle time</b>, up to 30: one point per whole minute since their last answered call ended
 *       (or since their state last changed, if they have had no call), at most 30;
 *   <li><b>load today</b>, up to 30: 30 minus 5 for every call answered today in the company's
 *       timezone, at least 0.
 * </ul>
 * So an idle member who has been free for half an hour and has taken no calls today scores 100, and
 * the fairest next choice is the highest score. Ties keep the order the members were given in.
 */
public final class Eligibility {

    private Eligibility() {
    }

    /** Why a member cannot take a call now. */
    public enum Reason {
        EXTENSION_DISABLED, ON_VACATION, DO_NOT_DISTURB, OFFLINE, AWAY, AT_CALL_LIMIT,
        /** Neither a SIP address nor a forwarding number to ring (said by {@link #withoutPhones}; the routing says it itself). */
        NO_PHONE
    }

    /**
     * The report with the members no call can reach (no SIP address, and no forwarding number or forwarding off) moved from
     * the eligible to the excluded, as the routing skips them: the eligible list offered them, scored, while a call to
     * them went to voicemail (found by a walk of the demo).
     */
    public static Report withoutPhones(Report report, List<TeamMember> members) {
        var byId = new java.util.HashMap<UUID, TeamMember>();
        members.forEach(m -> byId.put(m.id(), m));
        var eligible = new ArrayList<Eligible>();
        var excluded = new ArrayList<>(report.excluded());
        for (var e : report.eligible()) {
            var m = byId.get(e.memberId());
            if (m != null && m.phonesRung().isEmpty()) {
                excluded.add(new Excluded(m.id(), m.name(), Reason.NO_PHONE, null, m.callForwardingNumber() != null
                        ? "no phone (forwarding to their number is turned off, and no SIP address)"
                        : "no phone (no SIP address or forwarding number)"));
            } else {
                eligible.add(e);
            }
        }
        return new Report(List.copyOf(eligible), List.copyOf(excluded));
    }

    /** An eligible member, with the score and its three parts. */
    public record Eligible(UUID memberId, String name, int score, int statePoints, int idlePoints, int loadPoints) {
    }

    /**
     * A member left out.
     *
     * @param until when the reason ends, if it ends by itself (vacation, do-not-disturb)
     * @param detail the reason in words, for "why didn't my phone ring?"
     */
    public record Excluded(UUID memberId, String name, Reason reason, Instant until, String detail) {
    }

    public record Report(List<Eligible> eligible, List<Excluded> excluded) {
    }

    public static Report evaluate(List<TeamMember> members, Instant now, ZoneId zone) {
        var eligible = new ArrayList<Eligible>();
        var excluded = new ArrayList<Excluded>();
        var today = now.atZone(zone).toLocalDate();
        for (var m : members) {
            var a = m.availability();
            if (!m.extensionEnabled()) {
                excluded.add(new Excluded(m.id(), m.name(), Reason.EXTENSION_DISABLED, null, "extension disabled"));
            } else if (a.onVacation(now, zone)) {
                var until = a.vacation().endsAt(zone);
                excluded.add(new Excluded(m.id(), m.name(), Reason.ON_VACATION, until,
                        "on vacation until the end of " + a.vacation().endDate()));
            } else if (a.doNotDisturb(now)) {
                excluded.add(new Excluded(m.id(), m.name(), Reason.DO_NOT_DISTURB, a.doNotDisturbUntil(),
                        // With its offset, so an API reader of the trace knows the instant ("...T17:00-06:00"); a page shows
                        // it on the company's clock either way.
                        "do-not-disturb until " + a.doNotDisturbUntil().atZone(zone).toOffsetDateTime()));
            } else if (a.status() == MemberStatus.OFFLINE) {
                excluded.add(new Excluded(m.id(), m.name(), Reason.OFFLINE, null, "offline"));
            } else if (a.status() == MemberStatus.AWAY) {
                excluded.add(new Excluded(m.id(), m.name(), Reason.AWAY, null,
                        a.statusReason() == null ? "away" : "away: " + a.statusReason()));
            } else if (a.activeCalls() >= m.maxConcurrentCalls()) {
                // A phone still ringing for another call counts towards the limit (it may be answered): said so, where
                // "at concurrent-call limit" read as if they were on calls (found by a walk of the demo).
                // Said as a person would ("already on a call"), not "at concurrent-call limit (1 of 1)".
                excluded.add(new Excluded(m.id(), m.name(), Reason.AT_CALL_LIMIT, null, a.state() == MemberState.RINGING
                        ? "ringing for another call, which counts towards their calls at once (" + a.activeCalls() + " of "
                                + m.maxConcurrentCalls() + ")"
                        : "already on " + (a.activeCalls() == 1 ? "a call" : a.activeCalls() + " calls") + " (they take "
                                + m.maxConcurrentCalls() + " at once)"));
            } else {
                int state = switch (a.state()) {
                    case IDLE -> 40;
                    case WRAP_UP -> 15;
                    case RINGING, ON_CALL -> 5;
                };
                var since = a.lastCallEndedAt() != null ? a.lastCallEndedAt() : a.stateChangedAt();
                long minutes = since == null ? 30 : Math.max(0, Duration.between(since, now).toMinutes());
                int idle = (int) Math.min(30, minutes);
                int load = Math.max(0, 30 - 5 * a.callsHandledOn(today));
                eligible.add(new Eligible(m.id(), m.name(), state + idle + load, state, idle, load));
            }
        }
        var ranked = new ArrayList<>(eligible);
        ranked.sort(Comparator.comparingInt(Eligible::score).reversed());
        return new Report(List.copyOf(ranked), List.copyOf(excluded));
    }
}
