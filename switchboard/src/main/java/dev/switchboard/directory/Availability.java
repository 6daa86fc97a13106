package dev.switchboard.directory;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * A member's availability: the status they set, the state the system sets, their vacation and
 * do-not-disturb. Immutable: each change returns a new value, and the call-state changes check that
 * the transition is legal (idle → ringing → on call → wrap-up → idle).
 *
 * @param activeCalls calls ringing or in progress for this member (compared with their limit)
 * @param callsToday calls answered on {@code callsTodayDate} (company-local day)
 * @param doNotDisturbUntil the instant DND ends, or null
 */
public record Availability(MemberStatus status, String statusReason, MemberState state, Instant stateChangedAt,
        int activeCalls, int callsToday, LocalDate callsTodayDate, Instant lastCallEndedAt, Vacation vacation,
        Instant doNotDisturbUntil) {

    public static Availability initial(Instant now) {
        return new Availability(MemberStatus.AVAILABLE, null, MemberState.IDLE, now, 0, 0, null, null, null, null);
    }

    public boolean onVacation(Instant now, ZoneId zone) {
        return vacation != null && vacation.activeAt(now, zone);
    }

    public boolean doNotDisturb(Instant now) {
        return doNotDisturbUntil != null && now.isBefore(doNotDisturbUntil);
    }

    /**
     * What the member is doing now, in plain words, as the Extensions tab shows it (their status, the call state, a
     * vacation, do-not-disturb): "on a call", "ringing", "away: At lunch", "do not disturb until Wed 25 Nov 2026, 3:00 PM",
     * "on vacation until Fri 27 Nov 2026", "offline", "available". A call ringing or in progress says most of what a
     * colleague looks for (who can take the next caller), so it comes first; then what keeps their phone from ringing.
     */
    public String inWords(Instant now, ZoneId zone, dev.switchboard.tenancy.DisplayFormats fmt) {
        return switch (state) {
            case RINGING -> "ringing";
            case ON_CALL -> "on a call";
            case WRAP_UP -> "wrapping up after a call";
            case IDLE -> {
                if (onVacation(now, zone)) {
                    yield "on vacation until " + fmt.date(vacation.endDate());
                }
                if (doNotDisturb(now)) {
                    yield "do not disturb until " + fmt.dateTime(doNotDisturbUntil);
                }
                yield switch (status) {
                    case AVAILABLE -> "available";
                    case AWAY -> statusReason == null || statusReason.isBlank() ? "away" : "away: " + statusReason;
                    case OFFLINE -> "offline";
                };
            }
        };
    }

    /** Calls answered today in the company's timezone (yesterday's count does not carry over). */
    public int callsHandledOn(LocalDate today) {
        return today.equals(callsTodayDate) ? callsToday : 0;
    }

    /** The same availability with another count of calls (routing's view of a member whose count includes the call it routes). */
    public Availability withActiveCalls(int calls) {
        return new Availability(status, statusReason, state, stateChangedAt, calls, callsToday, callsTodayDate,
                lastCallEndedAt, vacation, doNotDisturbUntil);
    }

    public Availability withStatus(MemberStatus newStatus, String reason) {
        return new Availability(newStatus, reason, state, stateChangedAt, activeCalls, callsToday, callsTodayDate,
                lastCallEndedAt, vacation, doNotDisturbUntil);
    }

    public Availability withVacation(Vacation newVacation) {
        return new Availability(status, statusReason, state, stateChangedAt, activeCalls, callsToday, callsTodayDate,
                lastCallEndedAt, newVacation, doNotDisturbUntil);
    }

    public Availability withDoNotDisturbUntil(Instant until) {
        return new Availability(status, statusReason, state, stateChangedAt, activeCalls, callsToday, callsTodayDate,
                lastCallEndedAt, vacation, until);
    }

    /** A call starts ringing this member. */
    public Availability ring(Instant now) {
        return new Availability(status, statusReason, activeCalls == 0 ? MemberState.RINGING : state,
                activeCalls == 0 ? now : stateChangedAt, activeCalls + 1, callsToday, callsTodayDate, lastCallEndedAt,
                vacation, doNotDisturbUntil);
    }

    /** The member answered a call that was ringing them. */
    public Availability answer(Instant now, LocalDate today) {
        if (activeCalls == 0) {
            throw new IllegalStateException("cannot answer: no call is ringing this member");
        }
        return new Availability(status, statusReason, MemberState.ON_CALL, now, activeCalls,
                callsHandledOn(today) + 1, today, lastCallEndedAt, vacation, doNotDisturbUntil);
    }

    /** A call that rang or was answered ended; with calls left the member stays busy, else wrap-up. */
    public Availability callEnded(Instant now, boolean wasAnswered) {
        if (activeCalls == 0) {
            throw new IllegalStateException("cannot end a call: this member has none");
        }
        int left = activeCalls - 1;
        MemberState next = left > 0 ? state : (wasAnswered ? MemberState.WRAP_UP : MemberState.IDLE);
        return new Availability(status, statusReason, next, next == state ? stateChangedAt : now, left, callsToday,
                callsTodayDate, wasAnswered ? now : lastCallEndedAt, vacation, doNotDisturbUntil);
    }

    /** Wrap-up time is over: ready for the next call. */
    public Availability finishWrapUp(Instant now) {
        if (state != MemberState.WRAP_UP) {
            throw new IllegalStateException("cannot finish wrap-up from " + state);
        }
        return new Availability(status, statusReason, MemberState.IDLE, now, activeCalls, callsToday, callsTodayDate,
                lastCallEndedAt, vacation, doNotDisturbUntil);
    }
}
