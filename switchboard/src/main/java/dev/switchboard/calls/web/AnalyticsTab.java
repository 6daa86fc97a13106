package dev.switchboard.calls.web;

import dev.switchboard.calls.CallLogs;
import dev.switchboard.tenancy.Companies;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.temporal.TemporalAdjusters;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** Phone settings, Analytics tab: today's and this week's calls from the call log, in the company's timezone. */
@Controller
class AnalyticsTab {

    private final CallLogs logs;
    private final Companies companies;
    private final Clock clock;

    AnalyticsTab(CallLogs logs, Companies companies, Clock clock) {
        this.logs = logs;
        this.companies = companies;
        this.clock = clock;
    }

    @GetMapping("/settings/communications/phone/analytics")
    String page(Model model) {
        var zone = companies.current().timezone();
        var now = clock.instant();
        var today = now.atZone(zone).toLocalDate();
        var weekStart = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        var tomorrow = today.plusDays(1).atStartOfDay(zone).toInstant();
        model.addAttribute("today", logs.summary(today.atStartOfDay(zone).toInstant(), tomorrow));
        model.addAttribute("week", logs.summary(weekStart.atStartOfDay(zone).toInstant(), tomorrow));
        model.addAttribute("todayDate", today);
        model.addAttribute("weekStart", weekStart);
        return "settings/analytics";
    }
}
