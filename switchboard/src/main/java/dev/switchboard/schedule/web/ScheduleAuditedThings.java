package dev.switchboard.schedule.web;

import dev.switchboard.schedule.Holidays;
import dev.switchboard.schedule.Schedules;
import dev.switchboard.tenancy.AuditedThings;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/** The holidays and business hours the activity page names, with the tabs that show them. */
@Component
class ScheduleAuditedThings implements AuditedThings {

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
}
