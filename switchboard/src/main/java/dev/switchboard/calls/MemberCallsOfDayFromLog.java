package dev.switchboard.calls;

import dev.switchboard.directory.MemberCallsOfDay;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** The members' calls of a day from the call log, as {@link CallAnalytics} counts them for that day. */
@Component
class MemberCallsOfDayFromLog implements MemberCallsOfDay {

    private final CallAnalytics analytics;
    private final dev.switchboard.tenancy.Companies companies;

    MemberCallsOfDayFromLog(CallAnalytics analytics, dev.switchboard.tenancy.Companies companies) {
        this.analytics = analytics;
        this.companies = companies;
    }

    @Override
    public Map<UUID, Counts> on(LocalDate day) {
        var counts = new HashMap<UUID, Counts>();
        for (var m : analytics.report(new CallAnalytics.Period(day, day), companies.current().timezone()).members()) {
            if (m.answered() > 0 || m.callsOut() > 0) {
                counts.put(m.memberId(), new Counts(m.answered(), m.callsOut()));
            }
        }
        return counts;
    }
}
