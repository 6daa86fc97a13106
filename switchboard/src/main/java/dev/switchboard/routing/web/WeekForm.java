package dev.switchboard.routing.web;

import dev.switchboard.schedule.OpenRange;
import dev.switchboard.schedule.Schedules;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The wizard's week: for each day an "open" box and one opening range, as request parameters
 * {@code MONDAY.open}, {@code MONDAY.start}, {@code MONDAY.end}; problems mapped back to the day.
 */
final class WeekForm {

    private WeekForm() {
    }

    record Day(String day, boolean open, String start, String end) {
    }

    static List<Day> of(List<OpenRange> ranges) {
        var days = new ArrayList<Day>();
        for (var d : DayOfWeek.values()) {
            var r = ranges.stream().filter(x -> x.day() == d).findFirst();
            days.add(r.map(x -> new Day(d.name(), true, x.startText(), x.endTimeOfDay()))
                    .orElse(new Day(d.name(), false, "09:00", "17:00")));
        }
        return days;
    }

    static List<Day> of(Map<String, String> params) {
        var days = new ArrayList<Day>();
        for (var d : DayOfWeek.values()) {
            days.add(new Day(d.name(), params.containsKey(d.name() + ".open"), params.getOrDefault(d.name() + ".start", ""),
                    params.getOrDefault(d.name() + ".end", "")));
        }
        return days;
    }

    static List<Schedules.RangeInput> ranges(List<Day> days) {
        return days.stream().filter(Day::open).map(d -> new Schedules.RangeInput(d.day(), d.start(), OpenRange.typedEnd(d.end()))).toList();
    }

    /**
     * The openings after the first on each day the form keeps open (a split shift's afternoon, set on the Hours
     * tab): the wizard's form shows one range a day, and saving it must not drop the others.
     */
    static List<Schedules.RangeInput> laterRanges(List<OpenRange> current, List<Day> days) {
        var later = new ArrayList<Schedules.RangeInput>();
        for (var d : days) {
            if (d.open()) {
                current.stream().filter(x -> x.day().name().equals(d.day())).skip(1)
                        .forEach(x -> later.add(new Schedules.RangeInput(d.day(), x.startText(), x.endText())));
            }
        }
        return later;
    }

    /** The days with more than one opening, by name. */
    static List<String> splitDays(List<OpenRange> current) {
        return java.util.Arrays.stream(DayOfWeek.values()).filter(d -> current.stream().filter(x -> x.day() == d).count() > 1)
                .map(d -> d.getDisplayName(java.time.format.TextStyle.FULL, java.util.Locale.ENGLISH)).toList();
    }

    /**
     * "ranges[2].end" → the day of the third range sent: an open day of the form, or a later opening kept on one
     * (a split shift's afternoon that the changed morning now overlaps is refused beside its day, not unseen).
     */
    static Map<String, String> errors(List<Schedules.RangeInput> sent, Map<String, String> byField) {
        var errors = new HashMap<String, String>();
        byField.forEach((field, message) -> {
            var m = java.util.regex.Pattern.compile("ranges\\[(\\d+)]").matcher(field);
            if (m.find() && Integer.parseInt(m.group(1)) < sent.size()) {
                errors.putIfAbsent(sent.get(Integer.parseInt(m.group(1))).day(), Schedules.problemBesideTheDay(field, message));
            } else {
                errors.putIfAbsent(field, message);
            }
        });
        return errors;
    }
}
