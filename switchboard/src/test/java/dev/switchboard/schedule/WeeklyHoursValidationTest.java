package dev.switchboard.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.schedule.Schedules.RangeInput;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeeklyHoursValidationTest {

    static InvalidInputException refused(RangeInput... ranges) {
        try {
            Schedules.parse(List.of(ranges));
        } catch (InvalidInputException e) {
            return e;
        }
        throw new AssertionError("accepted " + List.of(ranges));
    }

    @Test
    void overlappingRangesAreRefused() {
        var e = refused(new RangeInput("MONDAY", "08:00", "12:00"), new RangeInput("MONDAY", "11:00", "13:00"));
        assertThat(e.problems().getFirst().field()).isEqualTo("ranges[1]");
        assertThat(e.problems().getFirst().rule()).isEqualTo("overlap");
        assertThat(e.problems().getFirst().message()).isEqualTo("Mon 11:00-13:00 overlaps Mon 08:00-12:00");
    }

    @Test
    void aRangeAcrossMidnightOverlapsTheNextDaysMorningAndSundayWrapsToMonday() {
        var e = refused(new RangeInput("FRIDAY", "22:00", "02:00"), new RangeInput("SATURDAY", "01:00", "03:00"));
        assertThat(e.problems().getFirst().rule()).isEqualTo("overlap");
        var wrap = refused(new RangeInput("SUNDAY", "22:00", "02:00"), new RangeInput("MONDAY", "01:00", "03:00"));
        assertThat(wrap.problems().getFirst().rule()).isEqualTo("overlap");
    }

    @Test
    void touchingRangesAreFine() {
        var ranges = Schedules.parse(List.of(new RangeInput("MONDAY", "08:00", "12:00"), new RangeInput("MONDAY", "12:00", "17:00"),
                new RangeInput("SUNDAY", "22:00", "24:00"), new RangeInput("MONDAY", "00:00", "02:00")));
        assertThat(ranges).hasSize(4);
        assertThat(ranges.getFirst().startText()).isEqualTo("00:00");
    }

    @Test
    void emptyAndMalformedRangesAreRefusedNamingThePart() {
        var empty = refused(new RangeInput("MONDAY", "09:00", "09:00"));
        assertThat(empty.problems().getFirst().field()).isEqualTo("ranges[0].end");
        assertThat(empty.problems().getFirst().rule()).isEqualTo("empty");
        assertThat(refused(new RangeInput("FUNDAY", "09:00", "10:00")).problems().getFirst().field()).isEqualTo("ranges[0].day");
        assertThat(refused(new RangeInput("MONDAY", "25:00", "10:00")).problems().getFirst().field()).isEqualTo("ranges[0].start");
        assertThat(refused(new RangeInput("MONDAY", "09:00", "")).problems().getFirst().field()).isEqualTo("ranges[0].end");
        assertThat(refused(new RangeInput("MONDAY", "24:00", "10:00")).problems().getFirst().field()).isEqualTo("ranges[0].start");
    }

    @Test
    void nullListIsRefused() {
        assertThatThrownBy(() -> Schedules.parse(null)).isInstanceOf(InvalidInputException.class);
    }
}
