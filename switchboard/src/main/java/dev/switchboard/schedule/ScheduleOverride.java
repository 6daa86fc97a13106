package dev.switchboard.schedule;

import java.time.Instant;
import java.util.UUID;

/**
 * A temporary exception to the schedule, such as "closed until 14:00 because of a staff meeting" or
 * "open until the next scheduled change". It takes effect at {@code from} and expires by itself at
 * {@code until}. {@code setAt} is when it was made: of two running at once, the one set last wins. A closure may have a
 * {@code greeting}, spoken to callers before the after-hours target ("We are closed today because of the snow").
 */
public record ScheduleOverride(UUID id, boolean open, Instant from, Instant until, String reason, String greeting, Instant setAt) {

    public boolean activeAt(Instant instant) {
        return !instant.isBefore(from) && instant.isBefore(until);
    }
}
