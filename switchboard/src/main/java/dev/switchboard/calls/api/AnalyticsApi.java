package dev.switchboard.calls.api;

import dev.switchboard.calls.CallAnalytics;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The analytics of a period: the call log's counts, each team member's part, the calls in by hour. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Calls")
class AnalyticsApi {

    private final CallAnalytics analytics;

    AnalyticsApi(CallAnalytics analytics) {
        this.analytics = analytics;
    }

    @GetMapping("/analytics")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN','SUPERVISOR')")
    @Operation(summary = "The figures of the days from and to (both included, the company's days; left out: this week, Monday to "
            + "today; one alone: that day; at most " + CallAnalytics.MAX_DAYS + " days): the counts of the analytics tiles "
            + "(summary), each team member's calls in (calls_in: those the call log's member filter lists, which rang them or, "
            + "not_rung, went straight to their voicemail or to their direct line while they were away; answered, answered by a "
            + "colleague, not answered: they add up to calls_in; answer rate; talk time from their answer to the end of their part) and calls out (made, answered, talk "
            + "time), and the calls in by hour of the day on the company's clock (hours 0 to 23, busiest_hour the one with "
            + "the most). A call counts on the day it started; a queue callback's offer nobody took counts nowhere")
    CallAnalytics.Report report(
            @Parameter(description = "the first day, such as 2026-12-01") @RequestParam(required = false) String from,
            @Parameter(description = "the last day, included, such as 2026-12-07") @RequestParam(required = false) String to) {
        return analytics.report(from, to);
    }
}
