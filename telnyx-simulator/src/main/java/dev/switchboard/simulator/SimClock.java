package dev.switchboard.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** Virtual time: it moves only when told to, so a 30-second ring timeout takes no real time in a test. */
public final class SimClock extends Clock {

    private volatile Instant now;

    public SimClock(Instant start) {
        this.now = start;
    }

    public void set(Instant instant) {
        if (instant.isBefore(now)) {
            throw new IllegalArgumentException("time does not go backwards: " + instant + " is before " + now);
        }
        this.now = instant;
    }

    public void advance(Duration duration) {
        set(now.plus(duration));
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
