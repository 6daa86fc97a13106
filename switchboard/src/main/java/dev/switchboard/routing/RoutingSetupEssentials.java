package dev.switchboard.routing;

import dev.switchboard.schedule.Schedules;
import dev.switchboard.tenancy.Companies;
import dev.switchboard.tenancy.SetupEssentials;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The setup wizard's essentials (its first, second and fourth steps): a number, hours and a routing rule. */
@Component
class RoutingSetupEssentials implements SetupEssentials {

    private final Companies companies;
    private final Schedules schedules;
    private final RoutingStore store;

    RoutingSetupEssentials(Companies companies, Schedules schedules, RoutingStore store) {
        this.companies = companies;
        this.schedules = schedules;
        this.store = store;
    }

    @Override
    @Transactional(readOnly = true)
    public boolean inPlace() {
        return !companies.current().businessNumbers().isEmpty() && !schedules.businessHours().ranges().isEmpty()
                && !store.rules().isEmpty();
    }
}
