package dev.switchboard.calls.web;

import dev.switchboard.calls.CallAnalytics;
import dev.switchboard.calls.CallLogs;
import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.tenancy.Companies;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.List;
import java.time.DayOfWeek;
import java.time.temporal.TemporalAdjusters;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

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

    private final dev.switchboard.calls.CallAnalytics analytics;

    AnalyticsTab(CallLogs logs, Companies companies, Clock clock, dev.switchboard.routing.PhoneSettings phoneSettings,
            dev.switchboard.calls.CallAnalytics analytics) {
        this.analytics = analytics;
        this.phoneSettings = phoneSettings;
        this.logs = logs;
        this.companies = companies;
        this.clock = clock;
    }

    /**
     * The team's figures of the days chosen, as the tab's table has them, one row a member, for a spreadsheet (names a
     * spreadsheet could take for a formula are written as text, as the call log's export does). A day that is no date,
     * or a period the tab refuses, is refused the same way (422, naming it).
     */
    @GetMapping("/settings/communications/phone/analytics/team.csv")
    void teamCsv(@RequestParam(required = false) String from, @RequestParam(required = false) String to, HttpServletResponse response)
            throws java.io.IOException {
        var report = analytics.report(from, to);
        write(response, "team-" + report.from() + "-to-" + report.to() + ".csv", List.of("member", "rang", "answered", "answered_by_colleague",
                "not_answered", "answer_rate_percent", "talk_seconds", "average_talk_seconds", "calls_out", "answered_out",
                "talk_out_seconds", "calls_in", "not_rung", "member_id"), report.members().stream().map(m -> List.<Object>of(
                dev.switchboard.platform.SpreadsheetText.of(m.name()), m.rang(), m.answered(), m.answeredByColleague(), m.notAnswered(),
                blank(m.answerRate()), m.talkSeconds(), blank(m.averageTalkSeconds()), m.callsOut(), m.answeredOut(), m.talkOutSeconds(),
                m.callsIn(), m.notRung(), m.memberId())).toList());
    }

    /** The calls in by hour of the day (0 to 23, the company's clock) of the days chosen, for a spreadsheet. */
    @GetMapping("/settings/communications/phone/analytics/hours.csv")
    void hoursCsv(@RequestParam(required = false) String from, @RequestParam(required = false) String to, HttpServletResponse response)
            throws java.io.IOException {
        var report = analytics.report(from, to);
        write(response, "hours-" + report.from() + "-to-" + report.to() + ".csv", List.of("hour", "calls_in", "answered", "not_answered"),
                report.hours().stream().map(h -> List.<Object>of(String.format(java.util.Locale.ROOT, "%02d:00", h.hour()), h.callsIn(),
                        h.answered(), h.notAnswered())).toList());
    }

    private static Object blank(Object value) {
        return value == null ? "" : value;
    }

    private static void write(HttpServletResponse response, String file, List<String> header, List<List<Object>> rows)
            throws java.io.IOException {
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"" + file + "\"");
        var writer = new java.io.OutputStreamWriter(response.getOutputStream(), java.nio.charset.StandardCharsets.UTF_8);
        try (var printer = org.apache.commons.csv.CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new)).get().print(writer)) {
            for (var row : rows) {
                printer.printRecord(row);
            }
        }
    }

    /** An hour of the day with calls in, named as the company's clock writes it ("10:00 AM to 11:00 AM"). */
    record HourRow(String label, CallAnalytics.HourFigures figures) {
    }

    @GetMapping("/settings/communications/phone/analytics")
    String page(@RequestParam(required = false) String from, @RequestParam(required = false) String to, Model model,
            HttpServletResponse response) {
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
        // The team and the hours, over a period of the person's choice (this week unless chosen), with ready-made ones.
        var week = CallAnalytics.Period.weekTo(today);
        var presets = new java.util.LinkedHashMap<String, CallAnalytics.Period>();
        presets.put("Today", new CallAnalytics.Period(today, today));
        presets.put("Yesterday", new CallAnalytics.Period(today.minusDays(1), today.minusDays(1)));
        presets.put("This week", week);
        presets.put("Last week", new CallAnalytics.Period(week.first().minusDays(7), week.first().minusDays(1)));
        presets.put("This month", new CallAnalytics.Period(today.withDayOfMonth(1), today));
        presets.put("Last 30 days", new CallAnalytics.Period(today.minusDays(29), today));
        model.addAttribute("presets", presets);
        model.addAttribute("periodFrom", from == null ? week.first().toString() : from);
        model.addAttribute("periodTo", to == null ? week.last().toString() : to);
        try {
            var report = analytics.report(from, to);
            model.addAttribute("report", report);
            var fmt = companies.current().formats();
            var rows = report.hours().stream().filter(h -> h.callsIn() > 0)
                    .map(h -> new HourRow(fmt.clock(java.time.LocalTime.of(h.hour(), 0)) + " to "
                            + fmt.clock(java.time.LocalTime.of((h.hour() + 1) % 24, 0)), h)).toList();
            model.addAttribute("hourRows", rows);
            model.addAttribute("busiestLabel", rows.stream().filter(r -> java.util.Objects.equals(r.figures().hour(), report.busiestHour()))
                    .map(HourRow::label).findFirst().orElse(null));
            model.addAttribute("busiest", report.busiestHour() == null ? null : report.hours().get(report.busiestHour()));
            model.addAttribute("busiestMost", report.busiestHour() == null ? 0 : report.hours().get(report.busiestHour()).callsIn());
            model.addAttribute("periodErrors", java.util.Map.of());
        } catch (InvalidInputException e) {
            response.setStatus(422);
            model.addAttribute("report", null);
            model.addAttribute("periodErrors", e.byField());
        }
        return "settings/analytics";
    }
}
