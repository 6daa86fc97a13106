package dev.switchboard.schedule.web;

import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.schedule.OpenRange;
import dev.switchboard.schedule.Schedules;
import dev.switchboard.tenancy.Actor;
import dev.switchboard.tenancy.Companies;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Phone settings, Hours tab: up to two opening ranges a day (split shifts; an end before the start runs
 * past midnight), the company's timezone, and the next open/closed changes.
 */
@Controller
class HoursTab {

    static final String URL = "/settings/communications/phone/hours";
    private static final Pattern RANGE = Pattern.compile("ranges\\[(\\d+)]");

    private final Schedules schedules;
    private final Companies companies;
    private final TransactionTemplate tx;
    private final Clock clock;

    HoursTab(Schedules schedules, Companies companies, TransactionTemplate tx, Clock clock) {
        this.schedules = schedules;
        this.companies = companies;
        this.tx = tx;
        this.clock = clock;
    }

    /** One row of the week: a day, whether it opens, and one or two ranges. */
    record Day(String day, boolean open, String start, String end, String start2, String end2) {
    }

    @GetMapping(URL)
    String page(Model model) {
        return show(model, savedDays(), companies.current().timezone().getId(), Map.of());
    }

    /** The week as saved: each day's first two openings. */
    private List<Day> savedDays() {
        var ranges = schedules.businessHours().ranges();
        var days = new ArrayList<Day>();
        for (var d : DayOfWeek.values()) {
            var mine = ranges.stream().filter(r -> r.day() == d).toList();
            days.add(new Day(d.name(), !mine.isEmpty(), mine.isEmpty() ? "09:00" : mine.get(0).startText(),
                    mine.isEmpty() ? "17:00" : mine.get(0).endTimeOfDay(), mine.size() > 1 ? mine.get(1).startText() : "",
                    mine.size() > 1 ? mine.get(1).endTimeOfDay() : ""));
        }
        return days;
    }

    @PostMapping(URL)
    String save(@RequestParam Map<String, String> params, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        var days = new ArrayList<Day>();
        for (var d : DayOfWeek.values()) {
            var n = d.name();
            days.add(new Day(n, params.containsKey(n + ".open"), params.getOrDefault(n + ".start", ""), params.getOrDefault(n + ".end", ""),
                    params.getOrDefault(n + ".start2", ""), params.getOrDefault(n + ".end2", "")));
        }
        var inputs = new ArrayList<Schedules.RangeInput>();
        var owners = new ArrayList<String>();
        var current = schedules.businessHours().ranges();
        for (var d : days) {
            if (!d.open()) {
                continue;
            }
            inputs.add(new Schedules.RangeInput(d.day(), d.start(), OpenRange.typedEnd(d.end())));
            owners.add(d.day());
            if (!d.start2().isBlank() || !d.end2().isBlank()) {
                inputs.add(new Schedules.RangeInput(d.day(), d.start2(), OpenRange.typedEnd(d.end2())));
                owners.add(d.day());
            }
            // The form shows two ranges a day: openings after those (set through the API) are kept, not dropped.
            for (var r : later(current, d.day())) {
                inputs.add(new Schedules.RangeInput(d.day(), r.startText(), r.endText()));
                owners.add(d.day());
            }
        }
        var timezone = params.getOrDefault("timezone", "");
        var actor = Actor.current().orElseThrow();
        // A range past midnight open 16 hours or more (8:00 AM to 5:00 AM for 5:00 PM) is asked about beside its day, with
        // a box to confirm it, together with any refusal of the save; nothing is saved until it is answered.
        var confirmed = new java.util.HashSet<String>();
        days.forEach(d -> {
            if (params.containsKey(d.day() + ".overnight")) {
                confirmed.add(d.day());
            }
        });
        var questions = Schedules.overnightQuestions(inputs, current, confirmed);
        if (!questions.isEmpty()) {
            var errors = new HashMap<String, String>();
            try {
                Schedules.check(inputs);
            } catch (InvalidInputException e) {
                errors.putAll(besideTheDays(e, owners));
            }
            questions.forEach((i, q) -> errors.putIfAbsent(owners.get(i), q));
            var overnight = new HashMap<String, Boolean>();
            questions.keySet().forEach(i -> overnight.put(owners.get(i), false));
            confirmed.forEach(d -> overnight.put(d, true));
            model.addAttribute("overnight", overnight);
            response.setStatus(422);
            return show(model, days, timezone, errors);
        }
        var before = companies.current();
        // The country moves with the timezone, as sign-up set it (Companies.countryAfter), and is said.
        var country = Companies.countryAfter(before, timezone);
        try {
            tx.executeWithoutResult(s -> {
                var company = companies.current();
                // Only a timezone changed is a company change: every save of the hours wrote one to the Activity, changing
                // nothing (found by a walk of the demo).
                if (!timezone.equals(company.timezone().getId())) {
                    companies.update(actor, new Companies.Settings(company.name(), timezone, country,
                            company.businessNumbers().stream().map(p -> p.e164()).toList()));
                }
                schedules.setBusinessHours(actor, inputs);
            });
        } catch (InvalidInputException e) {
            response.setStatus(422);
            return show(model, days, timezone, besideTheDays(e, owners));
        }
        redirect.addFlashAttribute("saved", (inputs.isEmpty()
                ? "Business hours saved. No day is open: every call is handled as after hours." : "Business hours saved.")
                + (country.equals(before.defaultRegion()) ? "" : " " + Companies.countryMoved(country)));
        return "redirect:" + URL;
    }

    /**
     * Closes the business now until a local time, or opens it until the schedule next changes by itself (a holiday
     * or after hours: calls are then routed as in opening hours). Refused (422) with the reason beside the form, the
     * values typed kept, nothing changed.
     */
    @PostMapping(URL + "/overrides")
    String addOverride(@RequestParam(defaultValue = "") String kind, @RequestParam(defaultValue = "") String until,
            @RequestParam(defaultValue = "") String from, @RequestParam(defaultValue = "") String reason,
            @dev.switchboard.platform.Text.MultiLine @RequestParam(defaultValue = "") String greeting, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        var actor = Actor.current().orElseThrow();
        try {
            if ("OPEN_UNTIL_NEXT_CHANGE".equals(kind)) {
                var o = schedules.openUntilNextChange(actor, reason.isBlank() ? null : reason);
                redirect.addFlashAttribute("saved", "Open until " + local(o.until()) + ": calls are answered as in opening hours.");
            } else if ("CLOSED_UNTIL".equals(kind) || "OPEN_UNTIL".equals(kind)) {
                // "From" left empty is now; a time ahead sets it for then ("open this Saturday from 9:00 to 13:00").
                var start = from.isBlank() ? null : instant("from", from);
                boolean open = "OPEN_UNTIL".equals(kind);
                var o = schedules.setBetween(actor, open, start, instant("until", until), reason.isBlank() ? null : reason,
                        open ? null : greeting);
                redirect.addFlashAttribute("saved", (open ? "Open" : "Closed")
                        + (o.from().isAfter(clock.instant()) ? " from " + local(o.from()) : "") + " until " + local(o.until())
                        + (open ? ": calls are answered as in opening hours." : o.greeting() == null
                                ? ": calls get the after-hours treatment." : ": callers hear your message, then the after-hours treatment."));
            } else {
                throw new InvalidInputException("kind", "enum", "must be CLOSED_UNTIL, OPEN_UNTIL or OPEN_UNTIL_NEXT_CHANGE");
            }
        } catch (InvalidInputException e) {
            response.setStatus(422);
            model.addAttribute("overrideProblem", "Nothing was changed: " + e.getMessage());
            model.addAttribute("overrideUntil", until);
            model.addAttribute("overrideFrom", from);
            model.addAttribute("overrideReason", reason);
            model.addAttribute("overrideGreeting", greeting);
            return show(model, savedDays(), companies.current().timezone().getId(), Map.of());
        }
        return "redirect:" + URL;
    }

    @PostMapping(URL + "/overrides/{id}/cancel")
    String cancelOverride(@org.springframework.web.bind.annotation.PathVariable java.util.UUID id, RedirectAttributes redirect) {
        schedules.cancelOverride(Actor.current().orElseThrow(), id);
        redirect.addFlashAttribute("saved", "Override cancelled: the schedule applies again.");
        return "redirect:" + URL;
    }

    /** A refusal's problems, each beside the day of its range ({@code owners}: the day of each range sent). */
    private static Map<String, String> besideTheDays(InvalidInputException e, List<String> owners) {
        var errors = new HashMap<String, String>();
        e.byField().forEach((field, message) -> {
            var m = RANGE.matcher(field);
            if (m.find() && Integer.parseInt(m.group(1)) < owners.size()) {
                errors.putIfAbsent(owners.get(Integer.parseInt(m.group(1))), Schedules.problemBesideTheDay(field, message));
            } else {
                errors.putIfAbsent(field, message);
            }
        });
        return errors;
    }

    /** A day's openings after the two the form shows (kept as they are while the day stays open). */
    private static List<OpenRange> later(List<OpenRange> ranges, String day) {
        return ranges.stream().filter(r -> r.day().name().equals(day)).skip(2).toList();
    }

    /** A {@code datetime-local} value in the company's timezone; refused in the field's terms when it is not one. */
    private java.time.Instant instant(String field, String text) {
        return dev.switchboard.platform.LocalDateTimeField.read(field, text, companies.current().timezone());
    }

    private String local(java.time.Instant at) {
        return companies.current().formats().dateTime(at);
    }

    private String show(Model model, List<Day> days, String timezone, Map<String, String> errors) {
        var schedule = schedules.companySchedule();
        var now = clock.instant();
        model.addAttribute("days", days);
        if (!model.containsAttribute("overnight")) {
            model.addAttribute("overnight", Map.of());
        }
        var current = schedules.businessHours().ranges();
        var later = new HashMap<String, String>();
        for (var d : DayOfWeek.values()) {
            var kept = later(current, d.name()).stream().map(r -> r.startText() + "-" + r.endText()).toList();
            if (!kept.isEmpty()) {
                later.put(d.name(), String.join(", ", kept));
            }
        }
        model.addAttribute("later", later);
        model.addAttribute("timezone", timezone);
        model.addAttribute("timezones", dev.switchboard.tenancy.Timezones.choices(timezone));
        model.addAttribute("errors", errors);
        model.addAttribute("hoursSet", schedule.hoursConfigured());
        model.addAttribute("state", schedule.stateAt(now));
        model.addAttribute("transitions", schedule.transitions(now, 8, 400));
        model.addAttribute("overrides", schedules.activeOverrides());
        model.addAttribute("now", now);
        model.addAttribute("zone", companies.current().timezone());
        return "settings/hours";
    }

}
