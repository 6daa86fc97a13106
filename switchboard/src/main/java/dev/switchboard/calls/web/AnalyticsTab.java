package dev.switchboard.calls.web;

import dev.switchboard.calls.CallLogs;
import dev.switchboard.tenancy.Companies;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.temporal.TemporalAdjusters;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Phone settings, Analytics tab: today's and this week's calls from the call log, in the company's timezone, with what
 * each count is (how RingCentral and Dialpad state their definitions): what answered, missed or abandoned and voicemail
 * take in, what the answer rate is of, what the average is from and to, and how a call's cost is worked out.
 */
@Controller
class AnalyticsTab {

    private final CallLogs logs;
    private final Companies companies;
    private final Clock clock;
    private final dev.switchboard.routing.PhoneSettings phoneSettings;

    AnalyticsTab(CallLogs logs, Companies companies, Clock clock, dev.switchboard.routing.PhoneSettings phoneSettings) {
        this.phoneSettings = phoneSettings;
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
        // For the definitions the page states: whose clock "today" is on, and how a call's cost is worked out.
        model.addAttribute("zone", zone);
        model.addAttribute("rates", phoneSettings.current());
        model.addAttribute("veryShortMessage", dev.switchboard.voicemail.VoicemailMessage.VERY_SHORT_SECONDS);
        return "settings/analytics";
    }
}
