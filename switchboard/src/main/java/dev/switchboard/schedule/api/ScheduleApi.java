package dev.switchboard.schedule.api;

import dev.switchboard.platform.ForbiddenException;
import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.platform.Warning;
import dev.switchboard.schedule.Holiday;
import dev.switchboard.schedule.HolidayInput;
import dev.switchboard.schedule.Holidays;
import dev.switchboard.schedule.OpenRange;
import dev.switchboard.schedule.Schedule;
import dev.switchboard.schedule.ScheduleOverride;
import dev.switchboard.schedule.Schedules;
import dev.switchboard.tenancy.Actor;
import dev.switchboard.tenancy.Companies;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Business hours, named schedules, overrides and holidays. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Hours and holidays")
class ScheduleApi {

    private final Schedules schedules;
    private final Holidays holidays;
    private final Companies companies;
    private final Clock clock;

    ScheduleApi(Schedules schedules, Holidays holidays, Companies companies, Clock clock) {
        this.schedules = schedules;
        this.holidays = holidays;
        this.companies = companies;
        this.clock = clock;
    }

    record RangeView(String day, String start, String end) {
        static RangeView of(OpenRange r) {
            return new RangeView(r.day().name(), r.startText(), r.endText());
        }
    }

    record HoursView(UUID id, String name, boolean isDefault, String timezone, boolean configured, List<RangeView> ranges,
            boolean openNow, String reason, Schedule.Transition nextChange, List<ScheduleOverride> overrides,
            List<Warning> warnings) {
    }

    /**
     * A week of opening hours: the company's business hours (the default schedule) or a named schedule's. The name may be
     * left out only for the business hours, which then keep theirs.
     */
    // The fields GET answers besides these, so its body can be sent back: accepted and ignored (ApiRoundTripTest).
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties({"id", "is_default", "timezone", "configured", "open_now", "reason", "next_change", "overrides", "warnings"})
    record HoursBody(@Schema(description = "The schedule's name, as listed for business-hours routing rules (1 to 100 "
            + "characters). Required for a named schedule; for the business hours (PUT /api/v1/business-hours, or the default "
            + "schedule's PUT) it renames them, and left out, null or blank keeps their name") String name,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<Schedules.RangeInput> ranges) {
    }

    /** A new named schedule: its name and its week, both required. */
    record NewSchedule(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String name,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<Schedules.RangeInput> ranges) {
    }

    @GetMapping("/business-hours")
    @Operation(summary = "The company's weekly hours, whether it is open now and its next change")
    HoursView businessHours() {
        return hoursView(schedules.businessHours(), schedules.companySchedule(), List.of());
    }

    @ApiResponse(responseCode = "200", description = "Saved")
    @ApiResponse(responseCode = "409", description = "Not saved, nothing changed: unique, "
            + "naming name: another schedule (or the business hours) already has that name "
            + "(choose another)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
    @PutMapping("/business-hours")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN')")
    @Operation(summary = "Replace the weekly hours: ranges of {day, start, end}; end may be 24:00 or before start (crosses midnight)",
            description = "The business hours are the company's default schedule: name (optional) renames them, as the "
                    + "default schedule's PUT /api/v1/schedules/{id} does (the name GET answers), and left out keeps their name. "
                    + "Saved with warnings (never refused for them): no open hours (field ranges), and a range that crosses midnight "
                    + "and is open 16 hours or more, most often an AM/PM slip (field ranges[i]: \"Friday 8:00 AM to 5:00 AM the "
                    + "next day is open 21 hours: did you mean 5:00 PM?\"); the web forms ask before saving such a range.")
    HoursView setBusinessHours(@RequestBody HoursBody body) {
        var saved = schedules.setBusinessHours(actor(), body.name(), body.ranges());
        return hoursView(saved.hours(), schedules.companySchedule(), saved.warnings());
    }

    record TransitionsView(String timezone, Instant from, List<Schedule.Transition> transitions) {
    }

    @GetMapping("/business-hours/preview")
    @Operation(summary = "The next open/closed changes from an instant (holidays and overrides included)")
    TransitionsView preview(@RequestParam(required = false) Instant from, @RequestParam(defaultValue = "10") int count) {
        var start = from == null ? clock.instant() : InvalidInputException.requireStorable("from", from);
        checkCount(count);
        var schedule = schedules.companySchedule();
        return new TransitionsView(schedule.zone().getId(), start, schedule.transitions(start, count, 400));
    }

    record OpenView(Instant at, LocalDateTime local, boolean open, String reason) {
    }

    @GetMapping("/business-hours/open")
    @Operation(summary = "Whether the business is open at an instant (now by default), and why")
    OpenView open(@RequestParam(required = false) Instant at) {
        var instant = at == null ? clock.instant() : InvalidInputException.requireStorable("at", at);
        var schedule = schedules.companySchedule();
        var state = schedule.stateAt(instant);
        return new OpenView(instant, instant.atZone(schedule.zone()).toLocalDateTime(), state.open(), state.reason());
    }

    @GetMapping("/business-hours/overrides")
    @Operation(summary = "The business hours' overrides not yet expired or cancelled, by when they start")
    List<ScheduleOverride> overrides() {
        return schedules.activeOverrides();
    }

    record OverrideBody(@Schema(requiredMode = Schema.RequiredMode.REQUIRED,
            description = "CLOSED_UNTIL (closed from from, or now, until until), OPEN_UNTIL (open from from, or now, until until: "
                    + "\"open this Saturday 9:00 to 13:00\") or OPEN_UNTIL_NEXT_CHANGE (open now until the schedule next changes by "
                    + "itself)") String kind,
            @Schema(description = "Required when kind is CLOSED_UNTIL or OPEN_UNTIL: the instant the override ends, after it "
                    + "starts and at most 60 days after. Must be left out when kind is OPEN_UNTIL_NEXT_CHANGE") Instant until,
            @Schema(description = "Optional: why, at most 200 characters (shown with the override)") String reason,
            @Schema(description = "Optional, with CLOSED_UNTIL or OPEN_UNTIL: when it starts, now or later and at most a year "
                    + "away; left out, now. One set ahead must not overlap another override not yet over") Instant from,
            @Schema(description = "Optional, with CLOSED_UNTIL only: what callers hear (text to speech, at most 1000 characters) "
                    + "before the after-hours target, as a holiday's greeting: \"We are closed today because of the snow\"")
            @dev.switchboard.platform.Text.MultiLine String greeting) {
    }

    @PostMapping("/business-hours/overrides")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('OWNER','ADMIN')")
    @Operation(summary = "CLOSED_UNTIL or OPEN_UNTIL an instant, from now or from a later instant, or OPEN_UNTIL_NEXT_CHANGE; "
            + "each expires by itself")
    ScheduleOverride addOverride(@RequestBody OverrideBody body) {
        var kind = body.kind() == null ? "" : body.kind().strip().toUpperCase(java.util.Locale.ROOT);
        return switch (kind) {
            case "CLOSED_UNTIL", "OPEN_UNTIL" -> {
                if (body.until() == null) {
                    throw new InvalidInputException("until", "required", "required when kind is " + kind
                            + ": the instant the override ends, such as 2026-11-25T14:00:00Z");
                }
                if (body.from() == null && kind.equals("CLOSED_UNTIL")) {
                    yield schedules.closeUntil(actor(), body.until(), body.reason(), body.greeting());
                }
                yield schedules.setBetween(actor(), kind.equals("OPEN_UNTIL"), InvalidInputException.requireStorable("from", body.from()),
                        body.until(), body.reason(), body.greeting());
            }
            case "OPEN_UNTIL_NEXT_CHANGE" -> {
                if (body.until() != null) {
                    throw new InvalidInputException("until", "unused",
                            "must be left out when kind is OPEN_UNTIL_NEXT_CHANGE: it ends at the next scheduled change");
                }
                Schedules.checkGreeting(true, body.greeting());
                if (body.from() != null) {
                    throw new InvalidInputException("from", "unused",
                            "must be left out when kind is OPEN_UNTIL_NEXT_CHANGE: it starts now (for a later start, send OPEN_UNTIL)");
                }
                yield schedules.openUntilNextChange(actor(), body.reason());
            }
            default -> throw new InvalidInputException("kind", "enum", "must be CLOSED_UNTIL, OPEN_UNTIL or OPEN_UNTIL_NEXT_CHANGE");
        };
    }

    @DeleteMapping("/business-hours/overrides/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @PreAuthorize("hasAnyRole('OWNER','ADMIN')")
    @Operation(summary = "Cancel an override still in effect, so the hours apply again (404 once it expired or was cancelled)")
    void cancelOverride(@PathVariable UUID id) {
        schedules.cancelOverride(actor(), id);
    }

    // --- named schedules (for business-hours routing rules) ---

    @GetMapping("/schedules")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN','SUPERVISOR')")
    @Operation(summary = "The business hours, then the named schedules by name, each open or closed now and with its next change")
    List<HoursView> list() {
        return schedules.list().stream().map(h -> hoursView(h, schedules.schedule(h.id()), List.of())).toList();
    }

    @GetMapping("/schedules/{id}")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN','SUPERVISOR')")
    @Operation(summary = "One schedule: its weekly hours, whether it is open now and its next change")
    HoursView schedule(@PathVariable UUID id) {
        return hoursView(schedules.hours(id), schedules.schedule(id), List.of());
    }

    @ApiResponse(responseCode = "201", description = "Added")
    @ApiResponse(responseCode = "409", description = "Not saved, nothing changed: unique, "
            + "naming name: another schedule (or the business hours) already has that name "
            + "(choose another)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
    @PostMapping("/schedules")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('OWNER','ADMIN')")
    @Operation(summary = "Add a named schedule for business-hours routing rules to follow; returns it with its warnings")
    HoursView createSchedule(@RequestBody NewSchedule body) {
        var saved = schedules.create(actor(), body.name(), body.ranges());
        return hoursView(saved.hours(), schedules.schedule(saved.hours().id()), saved.warnings());
    }

    @ApiResponse(responseCode = "200", description = "Saved")
    @ApiResponse(responseCode = "409", description = "Not saved, nothing changed: unique, "
            + "naming name: another schedule (or the business hours) already has that name "
            + "(choose another)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
    @PutMapping("/schedules/{id}")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN')")
    @Operation(summary = "Replace a schedule's name and weekly hours; returns it with its warnings")
    HoursView updateSchedule(@PathVariable UUID id, @RequestBody HoursBody body) {
        var saved = schedules.update(actor(), id, body.name(), body.ranges());
        return hoursView(saved.hours(), schedules.schedule(id), saved.warnings());
    }

    @Operation(summary = "Delete a schedule (409 in_use naming the rules that follow it)")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "409", description = "Not deleted, nothing changed: "
            + "in_use, the detail naming the routing rules that follow the schedule "
            + "(change those first)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))
    @DeleteMapping("/schedules/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @PreAuthorize("hasAnyRole('OWNER','ADMIN')")
    void deleteSchedule(@PathVariable UUID id) {
        schedules.delete(actor(), id);
    }

    // --- holidays ---

    record HolidayView(UUID id, String name, LocalDate date, String recurrence, String rrule, List<LocalDate> exceptionDates,
            boolean observeWeekend, boolean allDay, String start, String end, String greetingText, String greetingVoice,
            String greetingLanguage, UUID greetingMediaId, UUID routingRuleId, boolean enabled, String source, LocalDate nextOccurrence,
            List<Warning> warnings) {

        static HolidayView of(Holiday h, LocalDate next, List<Warning> warnings) {
            var r = h.rule();
            return new HolidayView(h.id(), h.name(), h.date(), r.recurrence().name(), r.effectiveRule(),
                    r.exceptions().stream().sorted().toList(), r.observeWeekend(), r.allDay(), text(r.startMinute()),
                    text(r.endMinute()), h.greetingText(), h.greetingVoice(), h.greetingLanguage(), h.greetingMediaId(), h.routingRuleId(),
                    r.enabled(), h.source(), next, warnings);
        }

        private static String text(Integer minute) {
            return minute == null ? null : String.format("%02d:%02d", minute / 60, minute % 60);
        }
    }

    @GetMapping("/holidays")
    @Operation(summary = "Holidays sorted by their next occurrence")
    List<HolidayView> holidays() {
        return holidays.list().stream().map(l -> HolidayView.of(l.holiday(), l.nextOccurrence(), List.of())).toList();
    }

    @GetMapping("/holidays/{id}")
    @Operation(summary = "One holiday, with its next occurrence")
    HolidayView holiday(@PathVariable UUID id) {
        var h = holidays.get(id);
        return HolidayView.of(h, h.rule().nextOn(today()).orElse(null), List.of());
    }

    @PostMapping("/holidays")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('OWNER','ADMIN')")
    @Operation(summary = "Add a holiday (its date, how it repeats, its hours, greeting or routing rule); returns it with its warnings")
    HolidayView createHoliday(@RequestBody HolidayInput body) {
        var saved = holidays.create(actor(), body);
        return HolidayView.of(saved.holiday(), saved.nextOccurrence(), saved.warnings());
    }

    @PutMapping("/holidays/{id}")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN')")
    @Operation(summary = "Replace a holiday's fields; returns it with its next occurrence and warnings")
    HolidayView updateHoliday(@PathVariable UUID id, @RequestBody HolidayInput body) {
        var saved = holidays.update(actor(), id, body);
        return HolidayView.of(saved.holiday(), saved.nextOccurrence(), saved.warnings());
    }

    @DeleteMapping("/holidays/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @PreAuthorize("hasAnyRole('OWNER','ADMIN')")
    @Operation(summary = "Delete a holiday")
    void deleteHoliday(@PathVariable UUID id) {
        holidays.delete(actor(), id);
    }

    @GetMapping("/holidays/{id}/occurrences")
    @Operation(summary = "The next dates of a holiday")
    List<LocalDate> occurrences(@PathVariable UUID id, @RequestParam(required = false) LocalDate from,
            @RequestParam(defaultValue = "5") int count) {
        checkCount(count);
        return holidays.occurrences(id, InvalidInputException.requireStorable("from", from), count);
    }

    @PostMapping("/holidays/preview")
    @Operation(summary = "The next dates of a holiday being edited, without saving it")
    List<LocalDate> previewHoliday(@RequestBody HolidayInput body, @RequestParam(defaultValue = "5") int count) {
        checkCount(count);
        return holidays.preview(body, count);
    }

    @GetMapping("/holidays/countries")
    @Operation(summary = "The country codes (such as US, GB, DE) whose public holidays POST /api/v1/holidays/import can import")
    List<String> countries() {
        return holidays.importableCountries();
    }

    record ImportBody(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String country, String region,
            @Schema(description = "From last year to five years ahead; default the company's current year, from December the next "
                    + "(next year's, asked for in December, brings this year's holidays still to come with it)")
            Integer year) {
    }

    @PostMapping("/holidays/import")
    @PreAuthorize("hasAnyRole('OWNER','ADMIN')")
    @Operation(summary = "Import a country's (and region's) public holidays for a year")
    List<HolidayView> importHolidays(@RequestBody ImportBody body) {
        return holidays.importPublicHolidays(actor(), body.country(), body.region(), body.year()).stream()
                .map(h -> HolidayView.of(h, h.rule().nextOn(today()).orElse(null), List.of())).toList();
    }

    private HoursView hoursView(Schedules.Hours hours, Schedule schedule, List<Warning> warnings) {
        var now = clock.instant();
        var state = schedule.stateAt(now);
        return new HoursView(hours.id(), hours.name(), hours.isDefault(), schedule.zone().getId(), schedule.hoursConfigured(),
                hours.ranges().stream().map(RangeView::of).toList(), state.open(), state.reason(),
                schedule.nextChange(now).orElse(null), schedule.overrides(), warnings);
    }

    private LocalDate today() {
        return clock.instant().atZone(companies.current().timezone()).toLocalDate();
    }

    private static void checkCount(int count) {
        if (count < 1 || count > 50) {
            throw new InvalidInputException("count", "range", "must be 1 to 50");
        }
    }

    private static Actor actor() {
        return Actor.current().orElseThrow(() -> new ForbiddenException("not signed in"));
    }
}
