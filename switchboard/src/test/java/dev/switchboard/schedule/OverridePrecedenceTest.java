package dev.switchboard.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OverridePrecedenceTest {

    static final ZoneId NY = ZoneId.of("America/New_York");

    static final List<OpenRange> WEEKDAYS = List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY").stream()
            .map(d -> OpenRange.parse(d, "09:00", "17:00")).toList();

    @Test
    void anOverrideSetLaterBeatsOneStillRunning() {
        // Mon 2026-11-23, 18:00 EST: "open until the next change" (Tue 09:00); at 19:00 "closed until 20:00".
        var open = new ScheduleOverride(UUID.randomUUID(), true, Instant.parse("2026-11-23T23:00:00Z"),
                Instant.parse("2026-11-24T14:00:00Z"), "late shift", null, Instant.parse("2026-11-23T23:00:00Z"));
        var closed = new ScheduleOverride(UUID.randomUUID(), false, Instant.parse("2026-11-24T00:00:00Z"),
                Instant.parse("2026-11-24T01:00:00Z"), "team meeting", null, Instant.parse("2026-11-24T00:00:00Z"));
        // Stored overrides come back ordered by when they take effect.
        var s = new Schedule(NY, WEEKDAYS, true, List.of(), List.of(open, closed));
        assertThat(s.stateAt(Instant.parse("2026-11-23T23:30:00Z")).reason()).isEqualTo("open by override: late shift");
        assertThat(s.stateAt(Instant.parse("2026-11-24T00:30:00Z")).reason()).isEqualTo("closed by override: team meeting");
        assertThat(s.stateAt(Instant.parse("2026-11-24T01:30:00Z")).reason()).isEqualTo("open by override: late shift");
        var changes = s.transitions(Instant.parse("2026-11-23T23:30:00Z"), 3, 2);
        assertThat(changes).extracting(t -> t.local().toString() + " " + t.open())
                .containsExactly("2026-11-23T19:00 false", "2026-11-23T20:00 true", "2026-11-24T17:00 false");
    }

    @Test
    void aClosureSetLastBeatsAnOpeningSetAheadEarlierThatStartsWhileItRuns() {
        // Set Monday 2026-11-23: "open Saturday 9:00 to 13:00". Set Saturday 8:00: "closed until 12:00" (a burst pipe).
        var saturday = new ScheduleOverride(UUID.randomUUID(), true, Instant.parse("2026-11-28T14:00:00Z"),
                Instant.parse("2026-11-28T18:00:00Z"), "Saturday hours", null, Instant.parse("2026-11-23T15:00:00Z"));
        var pipe = new ScheduleOverride(UUID.randomUUID(), false, Instant.parse("2026-11-28T13:00:00Z"),
                Instant.parse("2026-11-28T17:00:00Z"), "burst pipe", null, Instant.parse("2026-11-28T13:00:00Z"));
        for (var order : List.of(List.of(saturday, pipe), List.of(pipe, saturday))) {
            var s = new Schedule(NY, WEEKDAYS, true, List.of(), order);
            assertThat(s.stateAt(Instant.parse("2026-11-28T15:00:00Z")).reason()).isEqualTo("closed by override: burst pipe");
            assertThat(s.stateAt(Instant.parse("2026-11-28T17:30:00Z")).reason()).isEqualTo("open by override: Saturday hours");
            assertThat(s.transitions(Instant.parse("2026-11-28T13:30:00Z"), 2, 2)).extracting(t -> t.local().toString() + " " + t.open())
                    .containsExactly("2026-11-28T12:00 true", "2026-11-28T13:00 false");
        }
    }
}
