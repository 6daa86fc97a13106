package dev.switchboard.directory;

import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

/**
 * How many calls each team member answered and made on a day, as the analytics count them, asked by the directory's pages
 * (Team status) without depending on the call log (implemented by the calls module, as {@link CustomerCalls} is). The
 * member's own day counter ({@link Availability#callsHandledOn}) counts every pickup of their phone, their own calls out
 * too, for spreading the calls among the team: it is no count to show beside the analytics.
 */
public interface MemberCallsOfDay {

    /**
     * A member's calls of the day: {@code answered}, the calls in they took (as the analytics' Answered: they had the
     * caller); {@code callsOut}, the calls they made (click-to-call, the queue callbacks they took), answered or not.
     */
    record Counts(long answered, long callsOut) {
    }

    /** Each member's counts on {@code day}, a day on the company's clock; a member with no call is left out. */
    Map<UUID, Counts> on(LocalDate day);
}
