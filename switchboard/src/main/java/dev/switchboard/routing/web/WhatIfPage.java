package dev.switchboard.routing.web;

import dev.switchboard.directory.Members;
import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.routing.RoutingSnapshots;
import dev.switchboard.schedule.Holidays;
import dev.switchboard.shared.PhoneNumber;
import dev.switchboard.tenancy.Companies;
import dev.switchboard.tenancy.DisplayFormats;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * "Try your routing": what would happen to a call from a number (or a withheld one) to one of the company's numbers at a
 * date and time on the company's clock, in plain words ({@link WhatIfView}). Test calls only happen now; this answers
 * "what will Christmas morning do?" before it comes. It decides nothing itself: {@link RoutingSnapshots#whatIf} is the
 * simulation API's service. A form sent with GET, since trying changes nothing: a result can be bookmarked, and the quick
 * picks (the company's own next holidays, Saturday morning, tonight) are plain links. Owners, admins and supervisors, as the
 * API's simulation.
 */
@Controller
class WhatIfPage {

    static final String URL = RulesTab.URL + "/try";

    private final RoutingSnapshots snapshots;
    private final Companies companies;
    private final Members members;
    private final Holidays holidays;
    private final Clock clock;

    WhatIfPage(RoutingSnapshots snapshots, Companies companies, Members members, Holidays holidays, Clock clock) {
        this.snapshots = snapshots;
        this.companies = companies;
        this.members = members;
        this.holidays = holidays;
        this.clock = clock;
    }

    /** How many of the company's next holidays are offered as quick picks. */
    static final int HOLIDAY_PICKS = 3;

    /** The form as typed (blank when not), kept as it is when refused. */
    record Form(String from, String to, String date, String time) {
    }

    /** A number the caller may dial, for the select: its value (E.164) and how it reads. */
    record Choice(String e164, String label) {
    }

    /** A quick pick: a date and time to try with one click. */
    record Pick(String label, String date, String time) {
    }

    @GetMapping(URL)
    String page(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String date, @RequestParam(required = false) String time, Model model,
            HttpServletResponse response) {
        var company = companies.current();
        var zone = company.timezone();
        var fmt = company.formats();
        var choices = choices(company, fmt);
        var now = clock.instant().atZone(zone);
        boolean tried = from != null || to != null || date != null || time != null;
        var form = new Form(from == null ? "" : from, to == null ? (choices.isEmpty() ? "" : choices.getFirst().e164()) : to,
                date == null ? now.toLocalDate().toString() : date,
                time == null ? now.toLocalTime().truncatedTo(ChronoUnit.MINUTES).toString() : time);
        model.addAttribute("form", form);
        model.addAttribute("choices", choices);
        // A number sent that is none of the list's stays in the select, shown as sent, beside its error.
        var sent = form.to();
        model.addAttribute("otherTo", !sent.isBlank() && choices.stream().noneMatch(c -> c.e164().equals(sent)));
        model.addAttribute("zone", zone);
        model.addAttribute("picks", picks(now.toLocalDate(), fmt));
        Map<String, String> errors = new LinkedHashMap<>();
        model.addAttribute("errors", errors);
        if (!tried) {
            return "settings/routing-try";
        }
        // Every field checked at once, each error beside its own field.
        if (!form.from().isBlank()) {
            try {
                PhoneNumber.parse(form.from(), company.defaultRegion());
            } catch (IllegalArgumentException e) {
                errors.put("from", e.getMessage());
            }
        }
        String dialled = dialled(form.to(), choices, company.defaultRegion(), errors);
        LocalDate day = null;
        if (form.date().isBlank()) {
            errors.put("date", "choose a date, such as " + now.toLocalDate());
        } else {
            try {
                day = LocalDate.parse(form.date().strip());
            } catch (DateTimeParseException e) {
                errors.put("date", "must be a date such as 2026-12-25" + asTyped(form.date()));
            }
        }
        LocalTime clockTime = null;
        if (form.time().isBlank()) {
            errors.put("time", "choose a time, such as 10:00");
        } else {
            try {
                clockTime = LocalTime.parse(form.time().strip());
            } catch (DateTimeParseException e) {
                errors.put("time", "must be a time such as 10:00 or 14:30" + asTyped(form.time()));
            }
        }
        if (!errors.isEmpty()) {
            response.setStatus(422);
            return "settings/routing-try";
        }
        // "(312) 555-0100" sent for the main number is the main number: the select shows it chosen, not a second entry.
        form = new Form(form.from(), dialled, form.date(), form.time());
        model.addAttribute("form", form);
        model.addAttribute("otherTo", false);
        var local = LocalDateTime.of(day, clockTime);
        // As the schedule reads a local time: one the clocks skip moves forward, one they repeat is taken the first time.
        var at = ZonedDateTime.ofLocal(local, zone, null);
        model.addAttribute("timeNote", timeNote(local, at, fmt));
        try {
            model.addAttribute("result", WhatIfView.of(snapshots.whatIf(form.from().isBlank() ? null : form.from(), dialled, at.toInstant()), fmt));
        } catch (InvalidInputException e) {
            response.setStatus(422);
            e.byField().forEach(errors::put);
        }
        return "settings/routing-try";
    }

    /** " ('25/12/2026' is not)": what was typed, unless it holds a control character (better not echoed back). */
    private static String asTyped(String text) {
        int control = dev.switchboard.shared.ControlCharacters.first(text, false);
        return control >= 0 ? " (" + dev.switchboard.shared.ControlCharacters.message(control) + ")" : " ('" + text + "' is not)";
    }

    /** The company's numbers: its business numbers (the first is the main one), then its members' direct lines. */
    private List<Choice> choices(dev.switchboard.tenancy.Company company, DisplayFormats fmt) {
        var choices = new ArrayList<Choice>();
        var numbers = company.businessNumbers();
        for (int i = 0; i < numbers.size(); i++) {
            choices.add(new Choice(numbers.get(i).e164(), fmt.phone(numbers.get(i)) + (i == 0 ? " (main number)" : "")));
        }
        members.list().stream().filter(m -> m.directInwardDial() != null).forEach(m -> choices.add(new Choice(m.directInwardDial().e164(),
                fmt.phone(m.directInwardDial()) + " (" + m.name() + "'s direct line)")));
        return choices;
    }

    /** The number chosen, as one of the company's own (E.164), or null with the error beside the field. */
    private static String dialled(String to, List<Choice> choices, String region, Map<String, String> errors) {
        if (to.isBlank()) {
            errors.put("to", choices.isEmpty() ? "the company has no number yet: add a business number on the General tab"
                    : "choose the number the caller dials");
            return null;
        }
        String e164;
        try {
            e164 = PhoneNumber.parse(to, region).e164();
        } catch (IllegalArgumentException e) {
            errors.put("to", e.getMessage());
            return null;
        }
        if (choices.stream().noneMatch(c -> c.e164().equals(e164))) {
            errors.put("to", "'" + to + "' is not one of the company's numbers: choose one from the list");
            return null;
        }
        return e164;
    }

    /** Said when the time tried is not the time typed: the clocks skip it, or go through it twice. */
    private static String timeNote(LocalDateTime typed, ZonedDateTime at, DisplayFormats fmt) {
        if (!at.toLocalDateTime().equals(typed)) {
            return fmt.clock(typed.toLocalTime()) + " does not exist on that day (the clocks go forward): tried at "
                    + fmt.clock(at.toLocalTime()) + ", as calls and hours take it";
        }
        if (at.getZone().getRules().getValidOffsets(typed).size() > 1) {
            return fmt.clock(typed.toLocalTime()) + " happens twice on that day (the clocks go back): tried the first time, "
                    + "as the hours take it";
        }
        return null;
    }

    /**
     * Quick picks: the company's own nearest holidays to come (enabled ones, by their next date, as the Holidays tab lists
     * them) at 10:00 AM, or when a holiday closing part of the day begins; then the next Saturday at 10:00 AM, and tonight at
     * 11:00 PM. A holiday the company does not have is never
     * offered (a "Christmas Day" pick answered "open" for a company working on Christmas).
     */
    private List<Pick> picks(LocalDate today, DisplayFormats fmt) {
        var picks = new ArrayList<Pick>();
        holidays.list().stream().filter(h -> h.holiday().rule().enabled() && h.nextOccurrence() != null).limit(HOLIDAY_PICKS)
                .forEach(h -> {
                    // A part of the day closed (1:00 PM to 5:00 PM) is tried when it begins: at 10:00 AM it is open.
                    var start = h.holiday().rule().startMinute();
                    var time = start == null ? java.time.LocalTime.of(10, 0) : java.time.LocalTime.MIN.plusMinutes(start);
                    picks.add(new Pick(h.holiday().name() + ", " + fmt.date(h.nextOccurrence()) + ", " + fmt.clock(time),
                            h.nextOccurrence().toString(), time.toString()));
                });
        var saturday = today.with(TemporalAdjusters.nextOrSame(java.time.DayOfWeek.SATURDAY));
        picks.add(new Pick("Saturday 10:00 AM", saturday.toString(), "10:00"));
        picks.add(new Pick("Tonight 11:00 PM", today.toString(), "23:00"));
        return picks;
    }
}
