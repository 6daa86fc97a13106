package dev.switchboard.schedule.web;

import dev.switchboard.media.Media;
import dev.switchboard.platform.FileField;
import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.schedule.Holiday;
import dev.switchboard.schedule.HolidayInput;
import dev.switchboard.schedule.HolidayRepeats;
import dev.switchboard.schedule.Holidays;
import dev.switchboard.schedule.OpenRange;
import dev.switchboard.tenancy.Actor;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Phone settings, Holidays tab: holidays by next occurrence; add, edit, delete; a recurrence picker
 * whose next five dates update as you edit (an htmx fragment); greeting; enabled; import a country's.
 */
@Controller
class HolidaysTab {

    static final String URL = "/settings/communications/phone/holidays";

    /** The longest closure of days in a row the form takes: a season's break, not a way to close for good. */
    static final int MAX_DAYS_THROUGH = 60;

    private final Holidays holidays;
    private final dev.switchboard.schedule.RoutingRuleLookup rules;
    private final Media media;
    private final java.time.Clock clock;
    private final dev.switchboard.tenancy.Companies companies;

    HolidaysTab(Holidays holidays, dev.switchboard.schedule.RoutingRuleLookup rules, Media media, java.time.Clock clock,
            dev.switchboard.tenancy.Companies companies) {
        this.clock = clock;
        this.companies = companies;
        this.holidays = holidays;
        this.rules = rules;
        this.media = media;
    }

    /** The holiday form as posted; {@code lastDay} is the last day of a closure of several days in a row ({@link #DAYS_THROUGH}). */
    record Form(String name, String date, String recurrence, String rrule, Boolean observeWeekend, String start, String end,
            @dev.switchboard.platform.Text.MultiLine String greetingText, UUID greetingMediaId, Boolean removeRecording, UUID routingRuleId, Boolean enabled,
            String lastDay) {

        /** A new holiday's form: tomorrow in the company's timezone. */
        static Form blank(LocalDate today) {
            return new Form("", today.plusDays(1).toString(), "YEARLY", "", false, "", "", "", null, false, null, true, "");
        }

        /** The form's own choices of a repeat on a weekday of the month, saved as the repeat rule made from the date. */
        static final String YEARLY_WEEKDAY = "YEARLY_WEEKDAY";
        static final String YEARLY_LAST_WEEKDAY = "YEARLY_LAST_WEEKDAY";
        /**
         * The form's choice of a closure of several days in a row (24 December to 1 January), from the date through
         * {@code lastDay}: saved as the repeat rule {@code FREQ=DAILY;UNTIL=20270101}, which only a rule typed by hand could say.
         */
        static final String DAYS_THROUGH = "DAYS_THROUGH";

        static Form of(Holiday h) {
            var r = h.rule();
            var recurrence = r.recurrence().name();
            var lastDay = "";
            if (r.recurrence() == dev.switchboard.schedule.Recurrence.CUSTOM && r.rrule() != null) {
                // Longer than the form takes (a rule typed by hand: FREQ=DAILY;COUNT=90), it stays that rule: read as days in
                // a row, the toggle and every save of the form were refused ("at most 60 days").
                var through = HolidayRepeats.daysThrough(r.date(), r.rrule())
                        .filter(last -> !last.isAfter(r.date().plusDays(MAX_DAYS_THROUGH - 1)));
                if (through.isPresent()) {
                    recurrence = DAYS_THROUGH;
                    lastDay = through.get().toString();
                }
                // A rule the form makes from the date is shown as that choice again, not as a rule to read.
                if (r.rrule().equalsIgnoreCase(HolidayRepeats.yearlyOnWeekday(r.date(), false))) {
                    recurrence = YEARLY_WEEKDAY;
                } else if (r.rrule().equalsIgnoreCase(HolidayRepeats.yearlyOnWeekday(r.date(), true))) {
                    recurrence = YEARLY_LAST_WEEKDAY;
                }
            }
            return new Form(r.name(), r.date().toString(), recurrence, r.rrule() == null ? "" : r.rrule(),
                    r.observeWeekend(), r.startMinute() == null ? "" : OpenRange.timeField(r.startMinute()),
                    r.endMinute() == null ? "" : OpenRange.timeField(r.endMinute()), h.greetingText(), h.greetingMediaId(), false,
                    h.routingRuleId(), r.enabled(), lastDay);
        }

        HolidayInput input(Holiday existing) {
            return input(existing, Boolean.TRUE.equals(removeRecording) ? null : greetingMediaId);
        }

        HolidayInput input(Holiday existing, UUID mediaId) {
            // Empty is no date, which the service asks for; a date that cannot be read is refused here as that, naming
            // the field, not read as no date and refused as one left empty.
            var problems = new java.util.ArrayList<dev.switchboard.platform.FieldProblem>();
            var day = dev.switchboard.platform.LocalDateField.read("date", date, "2026-12-25", problems);
            boolean daysThrough = DAYS_THROUGH.equals(recurrence);
            LocalDate last = null;
            if (daysThrough) {
                if (lastDay == null || lastDay.isBlank()) {
                    problems.add(new dev.switchboard.platform.FieldProblem("last_day", "required",
                            "the last day closed is needed for several days in a row, such as 2027-01-01"));
                } else {
                    last = dev.switchboard.platform.LocalDateField.read("last_day", lastDay, "2027-01-01", problems);
                    if (last != null && day != null && !last.isAfter(day)) {
                        problems.add(new dev.switchboard.platform.FieldProblem("last_day", "order", "must be after the date ("
                                + dev.switchboard.tenancy.DisplayFormats.DATE.format(day) + "); for one day, choose Only once"));
                    } else if (last != null && day != null && last.isAfter(day.plusDays(MAX_DAYS_THROUGH - 1))) {
                        problems.add(new dev.switchboard.platform.FieldProblem("last_day", "range", "must be at most " + MAX_DAYS_THROUGH
                                + " days from the date: for a longer closure, set the business hours"));
                    }
                }
            }
            if (!problems.isEmpty()) {
                throw new InvalidInputException(problems);
            }
            // Every year on the date's weekday of its month (the fourth Thursday of November, the last Monday of May): the
            // repeat rule made from the date, so that nobody writes one by hand.
            boolean onWeekday = YEARLY_WEEKDAY.equals(recurrence) || YEARLY_LAST_WEEKDAY.equals(recurrence);
            var rule = onWeekday ? (day == null ? null : HolidayRepeats.yearlyOnWeekday(day, YEARLY_LAST_WEEKDAY.equals(recurrence)))
                    : daysThrough ? HolidayRepeats.daysThroughRule(last)
                    : "CUSTOM".equals(recurrence) ? blank(rrule) : null;
            return new HolidayInput(name, day, onWeekday || daysThrough ? "CUSTOM" : recurrence, rule,
                    existing == null ? List.of() : List.copyOf(existing.rule().exceptions()),
                    // Days in a row are the days given: a Saturday among them is not moved to the Friday.
                    !daysThrough && Boolean.TRUE.equals(observeWeekend),
                    blank(start), OpenRange.typedEnd(blank(end)), blank(greetingText), existing == null ? null : existing.greetingVoice(),
                    existing == null ? null : existing.greetingLanguage(), mediaId,
                    routingRuleId, Boolean.TRUE.equals(enabled));
        }

        private static String blank(String s) {
            return s == null || s.isBlank() ? null : s.strip();
        }
    }

    @GetMapping(URL)
    String page(Model model) {
        model.addAttribute("holidays", holidays.list());
        // By name as a person looks for it ("United Arab Emirates" under U, not second for AE), the company's own first chosen.
        model.addAttribute("countries", holidays.importableCountries().stream()
                .sorted(java.util.Comparator.comparing(dev.switchboard.tenancy.DisplayFormats::countryName)).toList());
        // A refused import is shown again as it was typed (it came back with the country, region and year reset).
        var typed = model.getAttribute("importForm") instanceof ImportForm f ? f : null;
        var country = typed == null ? companies.current().defaultRegion() : typed.country();
        model.addAttribute("ownCountry", country);
        model.addAttribute("region", typed == null ? "" : typed.region());
        // The company's current year (the injected clock, its zone: on Dec 31 in Chicago it is not yet next year), and
        // from December the next.
        model.addAttribute("year", typed == null ? String.valueOf(holidays.defaultImportYear()) : typed.year());
        model.addAttribute("importOpen", typed != null);
        // The country's own regions, named: a London company was told "its code, such as IL", and without England's code
        // (eng) its import left out Easter Monday and the August bank holiday.
        var regions = holidays.importRegions(country);
        model.addAttribute("regions", regions);
        model.addAttribute("regionHint", regionHint(regions));
        return "settings/holidays";
    }

    /** The import form as typed, for showing it again when refused. */
    record ImportForm(String country, String region, String year) implements java.io.Serializable {
    }

    /** What the region field takes, with the country's own regions' codes ("eng for England"), a few by name. */
    private static String regionHint(List<Holidays.Region> regions) {
        if (regions.isEmpty()) {
            return "optional: a region's code, to add its own holidays too";
        }
        if (regions.size() <= 8) {
            return "optional, to add your region's own holidays too: " + String.join(", ",
                    regions.stream().map(r -> r.code() + " for " + r.name()).toList());
        }
        var first = regions.getFirst();
        return "optional: your region's code, such as " + first.code() + " for " + first.name() + ", to add its own holidays too";
    }

    /** Said after a whole country's import whose regions have holidays of their own, none of which it took. */
    private static String regionsLeftOut(String countryName, List<Holidays.Region> regions) {
        var first = regions.getFirst();
        var names = regions.size() <= 8 ? " (" + String.join(", ", regions.stream().map(Holidays.Region::name).toList()) + ")" : "";
        return " Only the holidays of the whole of " + countryName + " were imported: its regions" + names
                + " have holidays of their own. To add yours, import again with its code, such as " + first.code() + " for "
                + first.name() + ".";
    }

    @GetMapping(URL + "/new")
    String create(Model model) {
        return form(model, null, Form.blank(LocalDate.now(clock.withZone(companies.current().timezone()))), Map.of());
    }

    @GetMapping(URL + "/{id}")
    String edit(@PathVariable UUID id, Model model) {
        return form(model, id, Form.of(holidays.get(id)), Map.of());
    }

    /**
     * The next five dates of the holiday as it stands in the form, saved or not; for a saved holiday ({@code holiday}),
     * without its exception dates (which the form does not show but calls follow).
     */
    @PostMapping(URL + "/preview")
    String preview(@ModelAttribute Form form, @RequestParam(name = "holiday", required = false) UUID holidayId, Model model) {
        model.addAttribute("holidayId", holidayId);
        try {
            var input = form.input(holidayId == null ? null : holidays.get(holidayId));
            model.addAttribute("dates", holidays.previewDates(input, 5));
            model.addAttribute("repeats", repeats(input));
            model.addAttribute("previewError", null);
        } catch (InvalidInputException e) {
            model.addAttribute("dates", List.of());
            model.addAttribute("previewError", e.problems().getFirst().field() + ": " + e.problems().getFirst().message());
        }
        return "settings/holiday-form :: preview";
    }

    // The new form posts to its own address (/new), where it is shown again with its errors (UploadFormsShownAgain).
    @PostMapping({URL, URL + "/new"})
    String add(@ModelAttribute Form form, @RequestParam(name = "greetingFile", required = false) MultipartFile file, Model model,
            HttpServletResponse response, RedirectAttributes redirect) throws IOException {
        return save(null, form, file, model, response, redirect);
    }

    @PostMapping(URL + "/{id}")
    String update(@PathVariable UUID id, @ModelAttribute Form form,
            @RequestParam(name = "greetingFile", required = false) MultipartFile file, Model model, HttpServletResponse response,
            RedirectAttributes redirect) throws IOException {
        return save(id, form, file, model, response, redirect);
    }

    /** The enable toggle on the list. */
    @PostMapping(URL + "/{id}/enabled")
    String enable(@PathVariable UUID id, @RequestParam(defaultValue = "false") boolean enabled, RedirectAttributes redirect) {
        var existing = holidays.get(id);
        var f = Form.of(existing);
        var changed = new Form(f.name(), f.date(), f.recurrence(), f.rrule(), f.observeWeekend(), f.start(), f.end(),
                f.greetingText(), f.greetingMediaId(), false, f.routingRuleId(), enabled, f.lastDay());
        try {
            holidays.update(Actor.current().orElseThrow(), id, changed.input(existing));
            redirect.addFlashAttribute("saved", "Holiday \u201c" + existing.name() + "\u201d " + (enabled ? "enabled." : "disabled."));
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("problem", "Not changed: " + e.problems().getFirst().message());
        }
        return "redirect:" + URL;
    }

    @PostMapping(URL + "/{id}/delete")
    String delete(@PathVariable UUID id, RedirectAttributes redirect) {
        holidays.delete(Actor.current().orElseThrow(), id);
        redirect.addFlashAttribute("saved", "Holiday deleted.");
        return "redirect:" + URL;
    }

    @PostMapping(URL + "/import")
    String importCountry(@RequestParam(defaultValue = "") String country, @RequestParam(defaultValue = "") String region,
            @RequestParam(required = false) Integer year, RedirectAttributes redirect) {
        try {
            var added = holidays.importPublicHolidays(Actor.current().orElseThrow(), country, region.isBlank() ? null : region, year);
            var name = dev.switchboard.tenancy.DisplayFormats.countryName(country);
            var regions = holidays.importRegions(country);
            redirect.addFlashAttribute("saved", added.size() + " public holidays of " + name + " imported."
                    + (region.isBlank() && !regions.isEmpty() ? regionsLeftOut(name, regions) : ""));
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("problem", "Nothing imported: " + e.problems().getFirst().message());
            redirect.addFlashAttribute("importForm", new ImportForm(country, region, year == null ? "" : year.toString()));
        }
        return "redirect:" + URL;
    }

    private String save(UUID id, Form form, MultipartFile file, Model model, HttpServletResponse response,
            RedirectAttributes redirect) throws IOException {
        var actor = Actor.current().orElseThrow();
        var existing = id == null ? null : holidays.get(id);
        Holidays.Saved saved;
        try {
            // Checked first without the upload, so a refused form stores no file.
            holidays.preview(form.input(existing), 1);
            var mediaId = Boolean.TRUE.equals(form.removeRecording()) ? null : form.greetingMediaId();
            if (FileField.chosen(file)) {
                mediaId = media.upload(actor, "greeting", file.getOriginalFilename(), file.getBytes()).id();
            }
            saved = id == null ? holidays.create(actor, form.input(null, mediaId))
                    : holidays.update(actor, id, form.input(existing, mediaId));
        } catch (InvalidInputException e) {
            response.setStatus(422);
            var errors = new java.util.HashMap<>(e.byField());
            if (errors.containsKey("file")) {
                errors.put("greeting_media_id", errors.get("file"));
            }
            return form(model, id, form, errors);
        } catch (dev.switchboard.platform.PayloadTooLargeException e) {
            response.setStatus(422);
            return form(model, id, form, Map.of("greeting_media_id", e.getMessage()));
        }
        redirect.addFlashAttribute("saved", "Holiday \u201c" + saved.holiday().name() + "\u201d saved"
                // The date as the company's pages write it (Fri 25 Dec 2026), as the list and the warnings do: it read 2026-12-25.
                + (saved.nextOccurrence() == null ? "." : "; next on " + dev.switchboard.tenancy.DisplayFormats.DATE.format(saved.nextOccurrence()) + "."));
        if (!saved.warnings().isEmpty()) {
            // Each warning, capitalised as a sentence: a second (another holiday on its day) was not shown beside the first.
            redirect.addFlashAttribute("problem", saved.warnings().stream()
                    .map(w -> Character.toUpperCase(w.message().charAt(0)) + w.message().substring(1) + ".")
                    .collect(java.util.stream.Collectors.joining(" ")));
        }
        return "redirect:" + URL;
    }

    private String form(Model model, UUID id, Form form, Map<String, String> errors) {
        model.addAttribute("holidayId", id);
        model.addAttribute("rules", rules.enabledRules());
        model.addAttribute("greetingUrl", form.greetingMediaId() == null ? null
                : media.signedPath(form.greetingMediaId(), java.time.Duration.ofHours(1)));
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        List<LocalDate> dates;
        String previewError = null;
        String repeats = null;
        try {
            var input = form.input(id == null ? null : holidays.get(id));
            dates = holidays.previewDates(input, 5);
            repeats = repeats(input);
        } catch (InvalidInputException e) {
            dates = List.of();
            previewError = e.problems().getFirst().message();
        }
        model.addAttribute("dates", dates);
        model.addAttribute("previewError", previewError);
        model.addAttribute("repeats", repeats);
        weekdayChoices(form, model);
        return "settings/holiday-form";
    }

    /** How the holiday in the form repeats, in words, beside its next dates (none when the form cannot say). */
    private static String repeats(HolidayInput in) {
        try {
            var recurrence = in.recurrence() == null || in.recurrence().isBlank() ? dev.switchboard.schedule.Recurrence.ONE_TIME
                    : dev.switchboard.schedule.Recurrence.valueOf(in.recurrence().strip().toUpperCase(java.util.Locale.ROOT));
            return in.date() == null ? null : HolidayRepeats.inWords(in.date(), recurrence, in.rrule());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * What the form's weekday-of-the-month choices mean for the date as it is now ("the fourth Thursday of November"), and
     * whether the date is also its month's last such weekday (then "the last Monday of May" is offered too); for a date
     * that cannot be read, the choices say it in general.
     */
    private static void weekdayChoices(Form form, Model model) {
        LocalDate day = null;
        try {
            day = form.date() == null || form.date().isBlank() ? null : LocalDate.parse(form.date().strip());
        } catch (java.time.format.DateTimeParseException e) {
            // said by the date field's own error
        }
        model.addAttribute("weekdayChoice", day == null ? "the date's weekday of its month, such as the fourth Thursday of November"
                : HolidayRepeats.weekdayOfMonthInWords(day, false));
        model.addAttribute("lastWeekdayChoice", day == null ? "the last such weekday of the month, such as the last Monday of May"
                : HolidayRepeats.lastWeekdayOfMonth(day) && HolidayRepeats.weekdayOfMonth(day) < 5
                        ? HolidayRepeats.weekdayOfMonthInWords(day, true) : null);
    }
}
