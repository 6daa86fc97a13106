package dev.switchboard.schedule.web;

import dev.switchboard.schedule.Holidays;
import dev.switchboard.schedule.Schedules;
import dev.switchboard.tenancy.AuditedThings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The holidays and business hours the activity page names, with the tabs that show them; a holiday's fields and how it
 * repeats in the words of the holiday form, its rule's fields as its own (the rule is how it is stored, not something
 * the owner sees).
 */
@Component
class ScheduleAuditedThings implements AuditedThings {

    /** The holiday form's "Repeats" choices. */
    static final Map<String, String> RECURRENCES = Map.of("ONE_TIME", "Only once", "YEARLY", "Every year",
            "MONTHLY", "Every month", "WEEKLY", "Every week", "CUSTOM", "Another pattern");
    /** The holiday form's labels (settings/holiday-form.html) without their hints in brackets. */
    static final Map<String, String> HOLIDAY_LABELS = Map.of("name", "Name", "date", "Date",
            "observe_weekend", "On a weekend, observe it on the Friday or Monday", "greeting_text", "Greeting callers hear that day",
            "greeting_media_id", "Or a recorded greeting", "routing_rule_id", "That day, calls follow", "enabled", "Enabled",
            "start_minute", "Closed from", "end_minute", "Until");
    /** A part-of-day holiday's times, on the 12-hour clock the pages write times in. */
    private static final java.time.format.DateTimeFormatter CLOCK = java.time.format.DateTimeFormatter.ofPattern("h:mm a",
            java.util.Locale.US);
    /** A schedule's (the business hours' too) as the Hours tab says them: its ranges are the table of opening hours. */
    static final Map<String, String> SCHEDULE_LABELS = Map.of("name", "Name", "ranges", "Opening hours");
    /**
     * An override as the Hours tab's Overrides say it: the form's reason, and "until" as its list says it (an override
     * that opens runs until the next change, so the form's "Closed until" would not fit it).
     */
    static final Map<String, String> OVERRIDE_LABELS = Map.of("open", "Override", "from", "From", "until", "Until",
            "reason", "Reason");
    /** Whether an override opens or closes, in the words of the Overrides form's two buttons. */
    static final Map<String, String> OVERRIDE_KINDS = Map.of("true", "Open until then", "false", "Closed until then");
    static final List<String> HOLIDAY_SUMMARY = List.of("rule", "greeting_text", "greeting_media_id", "routing_rule_id");

    private final Holidays holidays;
    private final Schedules schedules;

    ScheduleAuditedThings(Holidays holidays, Schedules schedules) {
        this.holidays = holidays;
        this.schedules = schedules;
    }

    @Override
    public Map<String, Shown> find(String entityType, Set<String> ids) {
        var found = new HashMap<String, Shown>();
        switch (entityType) {
            case "holiday" -> holidays.list().stream().map(Holidays.Listed::holiday).filter(h -> ids.contains(h.id().toString()))
                    .forEach(h -> found.put(h.id().toString(), new Shown(h.name(), HolidaysTab.URL + "/" + h.id())));
            // Every schedule is edited on the Hours tab (the default one is the business hours).
            case "business_hours", "schedule" -> schedules.list().stream().filter(s -> ids.contains(s.id().toString()))
                    .forEach(s -> found.put(s.id().toString(), new Shown(s.name(), HoursTab.URL)));
            default -> {
            }
        }
        return found;
    }

    @Override
    public String words(String entityType, String field, String value) {
        if (entityType.equals("schedule_override")) {
            return field.equals("open") ? OVERRIDE_KINDS.get(value) : null;
        }
        if (!entityType.equals("holiday")) {
            return null;
        }
        return switch (field) {
            case "recurrence" -> RECURRENCES.get(value);
            // Stored as minutes after midnight; the form sets them as times of day.
            case "start_minute", "end_minute" -> timeOfDay(value);
            default -> null;
        };
    }

    /** Minutes after midnight as a time of day ("9:00 AM"); the end of the day (1440) as "midnight"; else null. */
    static String timeOfDay(String minutes) {
        try {
            int m = Integer.parseInt(minutes);
            if (m == 24 * 60) {
                return "midnight";
            }
            return m < 0 || m > 24 * 60 ? null : CLOCK.format(java.time.LocalTime.of(m / 60, m % 60));
        } catch (NumberFormatException notMinutes) {
            return null;
        }
    }

    @Override
    public String label(String entityType, String field) {
        return switch (entityType) {
            case "business_hours", "schedule" -> SCHEDULE_LABELS.get(field);
            case "schedule_override" -> OVERRIDE_LABELS.get(field);
            // Its fields read as the holiday's own: "Date", not "Rule › Date".
            case "holiday" -> field.equals("rule") ? "" : field.equals("recurrence") ? "Repeats" : HOLIDAY_LABELS.get(field);
            default -> null;
        };
    }

    @Override
    public List<String> summary(String entityType) {
        return entityType.equals("holiday") ? HOLIDAY_SUMMARY : List.of();
    }
}
