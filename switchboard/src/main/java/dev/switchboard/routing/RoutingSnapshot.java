package dev.switchboard.routing;

import dev.switchboard.directory.TeamMember;
import dev.switchboard.schedule.Holiday;
import dev.switchboard.schedule.Schedule;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Everything the decision looks at: the company's timezone, its members, its business-hours schedule
 * (holidays and overrides included), its holidays, rules in priority order, menus, named schedules and
 * phone settings.
 *
 * <p>The members' availability (status, vacation, calls in progress...) moves with every call, so the
 * decision reads it through {@link #live}, for the members it is about to offer the call to and no others:
 * a round robin over 200 members reads the few it may ring, not all 200. The availability the members
 * carry in {@link #members} may be seconds old.
 *
 * @param live reads the availability of the members given now
 * @param queueNames the company's call queues by id, so the decision's trace names a queue as it names rules and members
 */
public record RoutingSnapshot(ZoneId zone, List<TeamMember> members, Schedule businessHours, List<Holiday> holidays,
        List<RoutingRule> rules, List<IvrMenu> menus, Map<UUID, Schedule> schedules, PhoneSettings.Settings settings, Live live,
        Map<UUID, String> queueNames) {

    /** A snapshot that knows no queue names (a queue is then named by its id). */
    public RoutingSnapshot(ZoneId zone, List<TeamMember> members, Schedule businessHours, List<Holiday> holidays, List<RoutingRule> rules,
            List<IvrMenu> menus, Map<UUID, Schedule> schedules, PhoneSettings.Settings settings, Live live) {
        this(zone, members, businessHours, holidays, rules, menus, schedules, settings, live, Map.of());
    }

    /**
     * {@code target} as the trace names it: a member, rule or queue by name ({@code rule 'Office'}), anything else as
     * {@link Target#describe()} says it (also a member, rule or queue deleted since, by its id).
     */
    public String describe(Target target) {
        return switch (target.kind()) {
            case MEMBER -> members.stream().filter(m -> m.id().equals(target.memberId())).findFirst()
                    .map(m -> "member " + m.name()).orElse(target.describe());
            case RULE -> rules.stream().filter(r -> r.id().equals(target.ruleId())).findFirst()
                    .map(r -> "rule '" + r.name() + "'").orElse(target.describe());
            case QUEUE -> queueName(target.queueId());
            case VOICEMAIL -> target.memberId() == null ? target.describe() : members.stream().filter(m -> m.id().equals(target.memberId()))
                    .findFirst().map(m -> "the voicemail of " + m.name()).orElse(target.describe());
            default -> target.describe();
        };
    }

    /** The queue {@code queueId} as the trace names it: {@code queue 'Service desk'}, or by its id when unknown (deleted since). */
    public String queueName(UUID queueId) {
        var name = queueNames.get(queueId);
        return name == null ? "queue " + queueId : "queue '" + name + "'";
    }

    /** Reads members' availability as it is now. */
    @FunctionalInterface
    public interface Live {

        /** {@code members} in the same order with their availability as it is now; members no longer in the directory are left out. */
        List<TeamMember> now(List<TeamMember> members);
    }

    /** The member whose extension is {@code digits}, if they are still in the directory. */
    public Optional<TeamMember> memberWithExtension(String digits) {
        return stillListed(members.stream().filter(m -> m.phoneExtension() != null && m.phoneExtension().digits().equals(digits)).findFirst());
    }

    /** The member whose direct line is {@code e164}, if they are still in the directory, as they are now. */
    public Optional<TeamMember> memberWithDirectLine(String e164) {
        return stillListed(members.stream().filter(m -> m.directInwardDial() != null && m.directInwardDial().e164().equals(e164)).findFirst());
    }

    /** {@code member} as they are now, unless deleted since the configuration was read (it may be seconds old). */
    private Optional<TeamMember> stillListed(Optional<TeamMember> member) {
        return member.flatMap(m -> live.now(List.of(m)).stream().findFirst());
    }

    /** A snapshot whose members' availability is current as given (a simulation, a test). */
    public RoutingSnapshot(ZoneId zone, List<TeamMember> members, Schedule businessHours, List<Holiday> holidays, List<RoutingRule> rules,
            List<IvrMenu> menus, Map<UUID, Schedule> schedules, PhoneSettings.Settings settings) {
        this(zone, members, businessHours, holidays, rules, menus, schedules, settings, given -> given, Map.of());
    }
}
