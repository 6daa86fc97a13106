package dev.switchboard.routing;

import dev.switchboard.directory.TeamMember;
import dev.switchboard.schedule.Holiday;
import dev.switchboard.schedule.Schedule;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Everything the decision looks at, read once per call: the company's timezone, its members with
 * their availability, its business-hours schedule (holidays and overrides included), its holidays,
 * rules in priority order, menus, named schedules and phone settings.
 */
public record RoutingSnapshot(ZoneId zone, List<TeamMember> members, Schedule businessHours, List<Holiday> holidays,
        List<RoutingRule> rules, List<IvrMenu> menus, Map<UUID, Schedule> schedules, PhoneSettings.Settings settings) {
}
