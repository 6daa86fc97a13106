package dev.switchboard.schedule;

/** How a holiday repeats. Every kind but {@link #ONE_TIME} becomes an RFC 5545 rule starting on its date. */
public enum Recurrence {
    /** Only on its date. */
    ONE_TIME,
    /** Every year on the same month and day ({@code FREQ=YEARLY}). */
    YEARLY,
    /** Every month on the same day ({@code FREQ=MONTHLY}); months without that day are skipped, as RFC 5545 says. */
    MONTHLY,
    /** Every week on the same weekday ({@code FREQ=WEEKLY}). */
    WEEKLY,
    /** A custom RFC 5545 rule, such as {@code FREQ=YEARLY;BYMONTH=11;BYDAY=4TH} (fourth Thursday of November). */
    CUSTOM
}
