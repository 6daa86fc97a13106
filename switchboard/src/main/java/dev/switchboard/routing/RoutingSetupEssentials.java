package dev.switchboard.routing;

import dev.switchboard.directory.Members;
import dev.switchboard.schedule.Schedules;
import dev.switchboard.tenancy.Companies;
import dev.switchboard.tenancy.SetupEssentials;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The setup wizard's essentials (its first, second and fourth steps): a number, hours and a routing rule; and, to say
 * the company is ready, someone whose phone rings.
 */
@Component
class RoutingSetupEssentials implements SetupEssentials {

    private final Companies companies;
    private final Schedules schedules;
    private final RoutingStore store;
    private final Members members;
    private final PhoneSettings settings;

    RoutingSetupEssentials(Companies companies, Schedules schedules, RoutingStore store, Members members, PhoneSettings settings) {
        this.settings = settings;
        this.companies = companies;
        this.schedules = schedules;
        this.store = store;
        this.members = members;
    }

    @Override
    @Transactional(readOnly = true)
    public boolean inPlace() {
        return !companies.current().businessNumbers().isEmpty() && !schedules.businessHours().ranges().isEmpty()
                && !store.rules().isEmpty();
    }

    @Override
    @Transactional(readOnly = true)
    public List<Missing> missing() {
        var missing = new ArrayList<Missing>();
        if (companies.current().businessNumbers().isEmpty()) {
            missing.add(new Missing("phone", "No business number: calls cannot reach you.", "Add your business number"));
        }
        var hours = schedules.businessHours();
        if (!hours.configured()) {
            missing.add(new Missing("hours", "No business hours: calls are handled as open at every hour, day and night.",
                    "Set your hours"));
        } else if (hours.ranges().isEmpty()) {
            missing.add(new Missing("hours", "No open hours: every call is handled as after hours.", "Set your hours"));
        }
        var team = members.list();
        if (team.isEmpty()) {
            missing.add(new Missing("extensions", "No team members: nobody's phone rings, so every call goes to voicemail.",
                    "Add your team"));
        } else if (team.stream().allMatch(m -> Router.destinations(m).isEmpty())) {
            missing.add(new Missing("extensions", "No team member has a phone to ring (a desk phone, app or mobile number): "
                    + "every call goes to voicemail.", "Add a phone to a team member"));
        }
        var rules = store.rules();
        // What calls do then is the General tab's default: the whole team rung (it said "callers go to voicemail" while
        // every phone rang: found by review), or voicemail.
        var meanwhile = switch (settings.current().defaultStrategy()) {
            case SIMULTANEOUS -> "every call rings the whole team at once (the General tab's default).";
            case ROUND_ROBIN -> "every call rings the team one person at a time, taking turns (the General tab's default).";
            case VOICEMAIL -> "callers go to voicemail.";
        };
        if (rules.isEmpty()) {
            missing.add(new Missing("rule", "No routing rule: " + meanwhile, "Make your first routing rule"));
        } else if (rules.stream().noneMatch(RoutingRule::enabled)) {
            missing.add(new Missing("rule", "No routing rule is turned on: " + meanwhile, "Make a routing rule"));
        }
        return missing;
    }
}
