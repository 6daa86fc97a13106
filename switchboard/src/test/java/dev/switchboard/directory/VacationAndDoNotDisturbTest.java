package dev.switchboard.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Vacation and do-not-disturb boundaries in America/Chicago across the end of daylight saving time on
 * 2026-11-01 (clocks go from 02:00 CDT back to 01:00 CST, so that day lasts 25 hours).
 */
class VacationAndDoNotDisturbTest {

    static final ZoneId CHICAGO = ZoneId.of("America/Chicago");

    @Test
    void aVacationEndingOnTheDayBeforeTheChangeEndsAtCdtMidnight() {
        var vacation = new Vacation(LocalDate.of(2026, 10, 30), LocalDate.of(2026, 10, 31), null, false);
        var end = Instant.parse("2026-11-01T05:00:00Z"); // 00:00 CDT (UTC-5)
        assertThat(vacation.endsAt(CHICAGO)).isEqualTo(end);
        assertThat(vacation.activeAt(end.minusNanos(1), CHICAGO)).isTrue();
        assertThat(vacation.activeAt(end, CHICAGO)).isFalse();
        assertThat(vacation.startsAt(CHICAGO)).isEqualTo(Instant.parse("2026-10-30T05:00:00Z"));
    }

    @Test
    void aOneDayVacationOnTheChangeDayLasts25Hours() {
        var vacation = new Vacation(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 1), "Back Monday", true);
        var start = Instant.parse("2026-11-01T05:00:00Z"); // 00:00 CDT
        var end = Instant.parse("2026-11-02T06:00:00Z");   // 00:00 CST (UTC-6)
        assertThat(vacation.startsAt(CHICAGO)).isEqualTo(start);
        assertThat(vacation.endsAt(CHICAGO)).isEqualTo(end);
        assertThat(Duration.between(start, end)).isEqualTo(Duration.ofHours(25));
        assertThat(vacation.activeAt(start.minusNanos(1), CHICAGO)).isFalse();
        assertThat(vacation.activeAt(start, CHICAGO)).isTrue();
        // 23:30 CST on Nov 1 is 05:30Z on Nov 2: still the vacation day, though UTC has moved on.
        assertThat(vacation.activeAt(Instant.parse("2026-11-02T05:30:00Z"), CHICAGO)).isTrue();
        assertThat(vacation.activeAt(end, CHICAGO)).isFalse();
    }

    @Test
    void aVacationStartingTheDayAfterTheChangeStartsAtCstMidnight() {
        var vacation = new Vacation(LocalDate.of(2026, 11, 2), LocalDate.of(2026, 11, 6), null, false);
        assertThat(vacation.startsAt(CHICAGO)).isEqualTo(Instant.parse("2026-11-02T06:00:00Z"));
        assertThat(vacation.activeAt(Instant.parse("2026-11-02T05:59:59Z"), CHICAGO)).isFalse();
    }

    @Test
    void doNotDisturbUntilTheRepeatedHourEndsAtTheExactInstant() {
        // 01:30 happens twice on 2026-11-01 in Chicago; an instant names which one.
        var firstOneThirty = ZonedDateTime.of(2026, 11, 1, 1, 30, 0, 0, CHICAGO).withEarlierOffsetAtOverlap().toInstant();
        var secondOneThirty = ZonedDateTime.of(2026, 11, 1, 1, 30, 0, 0, CHICAGO).withLaterOffsetAtOverlap().toInstant();
        assertThat(Duration.between(firstOneThirty, secondOneThirty)).isEqualTo(Duration.ofHours(1));
        var availability = Availability.initial(Instant.parse("2026-10-31T12:00:00Z")).withDoNotDisturbUntil(secondOneThirty);
        assertThat(availability.doNotDisturb(firstOneThirty)).isTrue();
        assertThat(availability.doNotDisturb(secondOneThirty.minusSeconds(1))).isTrue();
        assertThat(availability.doNotDisturb(secondOneThirty)).isFalse();
    }

    @Test
    void eligibilityNamesVacationAndDndWithTheirEndsAcrossTheChange() {
        var now = Instant.parse("2026-11-01T07:30:00Z"); // 01:30 CST, the second one
        var onVacation = member("Vic", Availability.initial(now.minusSeconds(3600))
                .withVacation(new Vacation(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 1), null, false)));
        var dndUntil = Instant.parse("2026-11-01T08:00:00Z");
        var inDnd = member("Dee", Availability.initial(now.minusSeconds(3600)).withDoNotDisturbUntil(dndUntil));
        var report = Eligibility.evaluate(List.of(onVacation, inDnd), now, CHICAGO);
        assertThat(report.eligible()).isEmpty();
        assertThat(report.excluded()).extracting(Eligibility.Excluded::reason)
                .containsExactly(Eligibility.Reason.ON_VACATION, Eligibility.Reason.DO_NOT_DISTURB);
        assertThat(report.excluded().get(0).until()).isEqualTo(Instant.parse("2026-11-02T06:00:00Z"));
        assertThat(report.excluded().get(0).detail()).contains("2026-11-01");
        assertThat(report.excluded().get(1).until()).isEqualTo(dndUntil);

        var afterwards = Eligibility.evaluate(List.of(onVacation, inDnd), Instant.parse("2026-11-02T06:00:00Z"), CHICAGO);
        assertThat(afterwards.excluded()).isEmpty();
        assertThat(afterwards.eligible()).hasSize(2);
    }

    static TeamMember member(String name, Availability availability) {
        return new TeamMember(UUID.randomUUID(), name, null, null, null, null, true, false, false, null, false, false, 20, null,
                null, 1, availability, Instant.EPOCH, Instant.EPOCH);
    }
}
