package dev.switchboard.schedule;

import de.focus_shift.jollyday.core.HolidayManager;
import de.focus_shift.jollyday.core.HolidayType;
import de.focus_shift.jollyday.core.ManagerParameters;
import dev.switchboard.platform.FieldProblem;
import dev.switchboard.platform.InvalidInputException;
import dev.switchboard.platform.NotFoundException;
import dev.switchboard.platform.TenantContext;
import dev.switchboard.platform.Warning;
import dev.switchboard.tenancy.Actor;
import dev.switchboard.tenancy.AuditLog;
import dev.switchboard.tenancy.Companies;
import java.sql.Array;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.Year;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The company's holidays: the seed's {@code company_holidays}. Recurrence is RFC 5545 (lib-recur);
 * public holidays are imported from jollyday's maintained calendars.
 */
@Service
public class Holidays {

    /** The largest INTERVAL a custom rule takes (a holiday every thousand days at most): larger ones only cost time. */
    static final int MAX_INTERVAL = 1000;


    static final int MAX_EXCEPTIONS = 100;

    private final JdbcClient jdbc;
    private final Companies companies;
    private final AuditLog audit;
    private final ObjectProvider<RoutingRuleLookup> rules;
    private final dev.switchboard.media.Media media;
    private final Clock clock;

    Holidays(JdbcClient jdbc, Companies companies, AuditLog audit, ObjectProvider<RoutingRuleLookup> rules,
            dev.switchboard.media.Media media, Clock clock) {
        this.media = media;
        this.jdbc = jdbc;
        this.companies = companies;
        this.audit = audit;
        this.rules = rules;
        this.clock = clock;
    }

    /** A holiday with when it next happens, as listed. */
    public record Listed(Holiday holiday, LocalDate nextOccurrence) {
    }

    /** A saved holiday and the non-fatal problems with it. */
    public record Saved(Holiday holiday, LocalDate nextOccurrence, List<Warning> warnings) {
    }

    /** Sorted by next occurrence (holidays that will not happen again last, by date). */
    @Transactional(readOnly = true)
    public List<Listed> list() {
        var today = today();
        return all().stream()
                .map(h -> new Listed(h, h.rule().nextOn(today).orElse(null)))
                .sorted(Comparator.comparing((Listed l) -> l.nextOccurrence() == null)
                        .thenComparing(l -> l.nextOccurrence() == null ? l.holiday().date() : l.nextOccurrence())
                        .thenComparing(l -> l.holiday().name()))
                .toList();
    }

    @Transactional(readOnly = true)
    public Holiday get(UUID id) {
        return jdbc.sql("select * from company_holidays where company_id = :c and id = :id")
                .param("c", TenantContext.require().value()).param("id", id)
                .query(Holidays::map).optional().orElseThrow(() -> new NotFoundException("holiday", id));
    }

    /** The enabled and disabled holidays' rules, for {@link Schedule}. */
    @Transactional(readOnly = true)
    public List<HolidayRule> rules() {
        return all().stream().map(Holiday::rule).toList();
    }

    @Transactional(readOnly = true)
    public List<LocalDate> occurrences(UUID id, LocalDate from, int count) {
        return next(get(id).rule(), from == null ? today() : from, count);
    }

    /** The next dates of a holiday being edited, without saving it (the "next five dates" as you type). */
    @Transactional(readOnly = true)
    public List<LocalDate> preview(HolidayInput input, int count) {
        var checked = check(input, null);
        return next(checked.rule(), today(), count);
    }

    /**
     * The next dates of a holiday being edited, from what decides them only (its date, how it repeats, its rule, exception
     * dates and weekend observance): a name not typed yet, or a greeting too long, is no reason to show none (the form's
     * "Next five dates" said "must not be blank" before anything was typed). Problems with those fields are refused as
     * {@link #preview} refuses them.
     */
    @Transactional(readOnly = true)
    public List<LocalDate> previewDates(HolidayInput in, int count) {
        return preview(new HolidayInput("preview", in.date(), in.recurrence(), in.rrule(), in.exceptionDates(), in.observeWeekend(),
                null, null, null, null, null, null, null, in.enabled()), count);
    }

    @Transactional
    public Saved create(Actor actor, HolidayInput input) {
        Companies.requireConfigureOf(actor);
        var c = check(input, null);
        var id = UUID.randomUUID();
        insert(id, c, "manual");
        var saved = get(id);
        audit.record(actor, "holiday", id, "create", null, saved);
        return saved(saved, c.warnings());
    }

    @Transactional
    public Saved update(Actor actor, UUID id, HolidayInput input) {
        Companies.requireConfigureOf(actor);
        var before = get(id);
        var c = check(input, id);
        var r = c.rule();
        jdbc.sql("""
                update company_holidays set name = :name, date = :date, recurrence = :rec, rrule = :rrule,
                  exception_dates = :ex, observe_weekend = :obs, start_minute = :sm, end_minute = :em,
                  greeting_text = :gt, greeting_voice = :gv, greeting_language = :gl, greeting_media_id = :gm, routing_rule_id = :rule,
                  enabled = :enabled, updated_at = :now
                where company_id = :c and id = :id
                """)
                .param("name", r.name()).param("date", Date.valueOf(r.date())).param("rec", r.recurrence().name())
                .param("rrule", r.recurrence() == Recurrence.CUSTOM ? r.rrule() : null)
                .param("ex", r.exceptions().stream().sorted().map(Date::valueOf).toArray(Date[]::new))
                .param("obs", r.observeWeekend()).param("sm", r.startMinute()).param("em", r.endMinute())
                .param("gt", c.greetingText()).param("gv", c.greetingVoice()).param("gl", c.greetingLanguage())
                .param("gm", c.greetingMediaId()).param("rule", c.routingRuleId()).param("enabled", r.enabled())
                .param("now", Timestamp.from(clock.instant()))
                .param("c", TenantContext.require().value()).param("id", id).update();
        var after = get(id);
        if (before.greetingMediaId() != null && !before.greetingMediaId().equals(after.greetingMediaId())) {
            media.released(before.greetingMediaId()); // replaced or removed: its file goes once nothing uses it
        }
        audit.record(actor, "holiday", id, "update", before, after);
        return saved(after, c.warnings());
    }

    @Transactional
    public void delete(Actor actor, UUID id) {
        Companies.requireConfigureOf(actor);
        var before = get(id);
        jdbc.sql("delete from company_holidays where company_id = :c and id = :id")
                .param("c", TenantContext.require().value()).param("id", id).update();
        media.released(before.greetingMediaId());
        audit.record(actor, "holiday", id, "delete", before, null);
    }

    /** Holidays that use a routing rule (so routing can refuse to disable or delete it). */
    @Transactional(readOnly = true)
    public List<Holiday> usingRule(UUID ruleId) {
        return all().stream().filter(h -> ruleId.equals(h.routingRuleId()) && h.rule().enabled()).toList();
    }

    /** The holidays naming the rule, enabled or not (what must change before the rule can be deleted). */
    public List<Holiday> referencingRule(UUID ruleId) {
        return all().stream().filter(h -> ruleId.equals(h.routingRuleId())).toList();
    }

    /**
     * The country calendars the import knows (ISO codes such as US, GB, DE). The library's calendars of stock exchanges
     * and markets (NYSE, LME, TARGET, DJ_STOXX) are no country's public holidays and are left out: a country's code has
     * two letters.
     */
    public List<String> importableCountries() {
        return HolidayManager.getSupportedCalendarCodes().stream().map(s -> s.toUpperCase(Locale.ROOT))
                .filter(c -> c.length() == 2 && c.chars().allMatch(ch -> ch >= 'A' && ch <= 'Z')).sorted().toList();
    }

    /** A region of a country's holiday calendar (a state, one of the UK's nations), with holidays of its own. */
    public record Region(String code, String name) {
    }

    /**
     * The regions of country {@code country}'s calendar that {@link #importPublicHolidays} takes (England is {@code eng},
     * Colorado {@code co}), by name; none for a country without any, or not a country the import knows.
     */
    public List<Region> importRegions(String country) {
        var code = HolidayManager.getSupportedCalendarCodes().stream().filter(c -> c.equalsIgnoreCase(String.valueOf(country).strip()))
                .filter(c -> importableCountries().contains(c.toUpperCase(Locale.ROOT))).findFirst();
        if (code.isEmpty()) {
            return List.of();
        }
        return HolidayManager.getInstance(ManagerParameters.create(code.get())).getCalendarHierarchy().getChildren().values().stream()
                .map(h -> new Region(h.getId(), h.getDescription(Locale.ENGLISH))).sorted(Comparator.comparing(Region::name)).toList();
    }

    /**
     * Imports a country's (and optionally a region's) public holidays for {@code year} as one-time
     * holidays. A day already a holiday (by any name, however it repeats) is not added again, nor one the calendar
     * names twice. Next year's, imported in December, brings this year's holidays still to come with it.
     */
    @Transactional
    public List<Holiday> importPublicHolidays(Actor actor, String country, String region, Integer year) {
        Companies.requireConfigureOf(actor);
        if (country == null || country.isBlank()) {
            throw new InvalidInputException("country", "required", "give a country code such as US, GB, CA, AU or DE");
        }
        var wanted = country.strip();
        var code = HolidayManager.getSupportedCalendarCodes().stream().filter(c -> c.equalsIgnoreCase(wanted))
                .filter(c -> importableCountries().contains(c.toUpperCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new InvalidInputException("country", "supported",
                        "'" + country + "' is not a country with a holiday calendar (try US, GB, CA, AU, DE)"));
        int y = year == null ? defaultImportYear() : year;
        if (y < today().getYear() - 1 || y > today().getYear() + 5) {
            throw new InvalidInputException("year", "range", "must be from last year to five years ahead");
        }
        var manager = HolidayManager.getInstance(ManagerParameters.create(code));
        var regions = region == null || region.isBlank() ? new String[0] : new String[] {region.strip().toLowerCase(Locale.ROOT)};
        if (regions.length == 1 && !hasRegion(manager.getCalendarHierarchy(), regions[0])) {
            throw new InvalidInputException("region", "supported", "'" + region + "' is not a region of " + code.toUpperCase(Locale.ROOT));
        }
        var found = new ArrayList<>(manager.getHolidays(Year.of(y), HolidayType.PUBLIC_HOLIDAY, regions));
        // Next year's, asked for in December (the page's year then), takes this year's still to come with it: a company
        // signing up on 7 December imported next year's and its phones rang on this Christmas Day (found by the setup walk).
        var today = today();
        if (today.getMonthValue() == 12 && y == today.getYear() + 1) {
            manager.getHolidays(Year.of(today.getYear()), HolidayType.PUBLIC_HOLIDAY, regions).stream()
                    .filter(h -> !h.getDate().isBefore(today) || (h.getActualDate() != null && !h.getActualDate().isBefore(today)))
                    .forEach(found::add);
        }
        // A day already a holiday (by any name, repeating or not: the company's own "New Year" on January 1st) is not
        // added again, nor a day the calendar names twice (Colorado's "Washington's Birthday" and "Presidents Day"): only
        // one holiday's greeting and rule can act on a day, and the list showed both (found by a walk of the demo).
        var existing = new HashSet<String>();
        var first = found.stream().map(de.focus_shift.jollyday.core.Holiday::getDate).min(Comparator.naturalOrder())
                .filter(d -> d.getYear() < y).orElse(java.time.LocalDate.of(y, 1, 1));
        var last = java.time.LocalDate.of(y, 12, 31);
        all().forEach(h -> {
            existing.add(h.date() + "|" + h.name().toLowerCase(Locale.ROOT));
            h.rule().occurrences(first, last).forEach(d -> existing.add(d.toString()));
        });
        var source = "import:" + code.toUpperCase(Locale.ROOT) + (regions.length == 1 ? "-" + regions[0].toUpperCase(Locale.ROOT) : "");
        var created = new ArrayList<Holiday>();
        for (var h : found.stream().sorted(Comparator.comparing(de.focus_shift.jollyday.core.Holiday::getDate)).toList()) {
            var name = h.getDescription(Locale.ENGLISH);
            var observed = h.getDate(); // the day it is observed, a weekday (getActualDate is the nominal day)
            var actual = h.getActualDate();
            // A holiday falling on a weekend is observed on a weekday (Christmas 2027, a Saturday, on Monday 27 December in
            // England), and the day itself was not imported: a business open on Saturdays had its phones ring on Christmas
            // Day (found by the hours walk). Both are closed now, the weekday named as observed.
            // Only a weekend's: a country that moves a holiday from one weekday to another (Colombia's to the next Monday,
            // by law) works on the day it was moved from (found by review: Wednesday 6 January 2027 was closed in Bogotá).
            boolean moved = actual != null && !actual.equals(observed)
                    && (actual.getDayOfWeek() == java.time.DayOfWeek.SATURDAY || actual.getDayOfWeek() == java.time.DayOfWeek.SUNDAY);
            if (moved) {
                add(actual, name, existing, source, created);
            }
            add(observed, moved ? name + " (observed)" : name, existing, source, created);
        }
        audit.record(actor, "holiday", null, "import " + source + " " + y, null,
                created.stream().map(h -> h.date() + " " + h.name()).toList());
        return created;
    }

    /** Adds an imported one-time holiday on {@code date} unless that day is a holiday already (by {@code existing}). */
    private void add(LocalDate date, String name, java.util.Set<String> existing, String source, List<Holiday> created) {
        if (!existing.add(date + "|" + name.toLowerCase(Locale.ROOT)) | !existing.add(date.toString())) {
            return;
        }
        var rule = new HolidayRule(null, name, date, Recurrence.ONE_TIME, null, java.util.Set.of(), false, null, null, true);
        var id = UUID.randomUUID();
        insert(id, new Checked(rule, null, null, null, null, null, List.of()), source);
        created.add(get(id));
    }

    // --- internals ---

    record Checked(HolidayRule rule, String greetingText, String greetingVoice, String greetingLanguage,
            UUID greetingMediaId, UUID routingRuleId, List<Warning> warnings) {
    }

    /**
     * Whether the rule sent with a YEARLY, MONTHLY or WEEKLY holiday is the one GET answers for it (its date's, or the
     * holiday's as stored, when its date is being changed): a holiday read and sent back is not refused for it.
     */
    private boolean isItsOwnRule(HolidayInput in, Recurrence recurrence, UUID id) {
        var sent = in.rrule().strip().replaceFirst("(?i)^RRULE:", "");
        if (in.date() != null && sent.equalsIgnoreCase(String.valueOf(HolidayRule.ruleOf(recurrence, in.date())))) {
            return true;
        }
        if (id == null) {
            return false;
        }
        var stored = jdbc.sql("select recurrence, date from company_holidays where company_id = :c and id = :id")
                .param("c", TenantContext.require().value()).param("id", id)
                .query((rs, n) -> HolidayRule.ruleOf(Recurrence.valueOf(rs.getString("recurrence")), rs.getDate("date").toLocalDate()))
                .optional();
        return stored.isPresent() && sent.equalsIgnoreCase(String.valueOf(stored.get()));
    }

    private Checked check(HolidayInput in, UUID id) {
        var problems = new ArrayList<FieldProblem>();
        var warnings = new ArrayList<Warning>();
        var name = in.name() == null ? null : in.name().strip();
        if (name == null || name.isEmpty()) {
            problems.add(new FieldProblem("name", "required", "must not be blank"));
        } else if (name.length() > 100) {
            problems.add(new FieldProblem("name", "length", "must be at most 100 characters"));
        }
        if (in.date() == null) {
            problems.add(new FieldProblem("date", "required", "must be a date such as 2026-12-25"));
        } else if (in.date().getYear() < 1 || in.date().getYear() > 9999) {
            problems.add(new FieldProblem("date", "range", "must be a date between 0001-01-01 and 9999-12-31"));
        }
        Recurrence recurrence = Recurrence.ONE_TIME;
        if (in.recurrence() != null && !in.recurrence().isBlank()) {
            try {
                recurrence = Recurrence.valueOf(in.recurrence().strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem("recurrence", "enum", "must be one of ONE_TIME, YEARLY, MONTHLY, WEEKLY, CUSTOM"));
            }
        }
        String rrule = null;
        if (recurrence == Recurrence.CUSTOM) {
            try {
                var parsed = HolidayRule.parseRule(in.rrule());
                if (parsed.getInterval() > MAX_INTERVAL) {
                    problems.add(new FieldProblem("rrule", "range", "INTERVAL must be at most " + MAX_INTERVAL));
                } else if (parsed.getUntil() != null && !parsed.getUntil().isAllDay()) {
                    problems.add(new FieldProblem("rrule", "rfc5545", "UNTIL must be a date such as UNTIL=20301231: a holiday is a day, "
                            + "not a moment"));
                } else {
                    rrule = in.rrule().strip().replaceFirst("(?i)^RRULE:", "");
                }
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem("rrule", "rfc5545", e.getMessage()));
            }
        } else if (in.rrule() != null && !in.rrule().isBlank() && !isItsOwnRule(in, recurrence, id)) {
            var own = in.date() == null ? null : HolidayRule.ruleOf(recurrence, in.date());
            problems.add(new FieldProblem("rrule", "unused", "is used only with recurrence CUSTOM" + (own == null ? ""
                    : " (a " + recurrence + " holiday on " + in.date() + " repeats by " + own + "; send recurrence CUSTOM to "
                    + "repeat by " + in.rrule().strip() + ")")));
        }
        var exceptions = in.exceptionDates() == null ? List.<LocalDate>of() : in.exceptionDates();
        if (exceptions.size() > MAX_EXCEPTIONS) {
            problems.add(new FieldProblem("exception_dates", "length", "at most " + MAX_EXCEPTIONS + " dates"));
        }
        if (exceptions.stream().anyMatch(java.util.Objects::isNull)) {
            problems.add(new FieldProblem("exception_dates", "format", "must be dates such as 2027-12-25"));
        }
        Integer start = null;
        Integer end = null;
        boolean hasStart = in.start() != null && !in.start().isBlank();
        boolean hasEnd = in.end() != null && !in.end().isBlank();
        if (hasStart || hasEnd) {
            start = minuteOf(in.start(), "start", false, problems);
            end = minuteOf(in.end(), "end", true, problems);
            if (start != null && end != null && end <= start) {
                problems.add(new FieldProblem("end", "order", "must be after start (a part-day holiday stays within its day)"));
            }
        }
        var greeting = blank(in.greetingText());
        if (greeting != null && greeting.length() > 1000) {
            problems.add(new FieldProblem("greeting_text", "length", "must be at most 1000 characters"));
        }
        var voice = blank(in.greetingVoice());
        if (voice != null && !dev.switchboard.shared.Speech.isVoice(voice)) {
            problems.add(new FieldProblem("greeting_voice", "format", dev.switchboard.shared.Speech.NOT_A_VOICE));
        }
        var language = blank(in.greetingLanguage());
        if (language != null && !dev.switchboard.shared.Speech.isLanguage(language)) {
            problems.add(new FieldProblem("greeting_language", "format", dev.switchboard.shared.Speech.NOT_A_LANGUAGE));
        }
        if (in.greetingMediaId() != null && media.findPrompt(in.greetingMediaId()).isEmpty()) {
            problems.add(new FieldProblem("greeting_media_id", "exists", dev.switchboard.media.Media.notAPrompt(in.greetingMediaId())));
        }
        if (in.routingRuleId() != null) {
            var enabled = rules.getIfAvailable() == null ? Optional.<Boolean>empty() : rules.getObject().ruleEnabled(in.routingRuleId());
            if (enabled.isEmpty()) {
                problems.add(new FieldProblem("routing_rule_id", "exists", "no routing rule " + in.routingRuleId() + " in this company"));
            } else if (!enabled.get() && !Boolean.FALSE.equals(in.enabled())) {
                problems.add(new FieldProblem("routing_rule_id", "enabled", "the routing rule is disabled; enable it or choose another"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        var rule = new HolidayRule(id, name, in.date(), recurrence, rrule, new HashSet<>(exceptions),
                Boolean.TRUE.equals(in.observeWeekend()), start, end, in.enabled() == null || in.enabled());
        if (greeting == null && in.greetingMediaId() == null) {
            warnings.add(new Warning("greeting_text", "no holiday greeting: callers hear the standard closed message"));
        }
        try {
            if (recurrence == Recurrence.CUSTOM && !rule.occursAtAll()) {
                // Saved, it closed no day ever, with two warnings only (this holiday "does not happen again"): a rule whose
                // UNTIL is before its first date, say, is a mistake to correct, not a holiday.
                throw new InvalidInputException("rrule", "never", neverHappens(rule, in.rrule()));
            }
            if (rule.nextOn(today()).isEmpty()) {
                warnings.add(new Warning("date", "this holiday does not happen again"));
            }
            if (recurrence == Recurrence.CUSTOM && rule.occurrences(rule.date(), rule.date()).isEmpty()) {
                warnings.add(new Warning("date", "the date " + rule.date() + " is not itself an occurrence of the rule"));
            }
        } catch (InvalidInputException e) {
            throw e;
        } catch (RuntimeException e) {
            if (String.valueOf(e.getMessage()).contains("too many filtered")) {
                // The library gives up looking for a date that matches ("too many filtered recurrence instances"): there is
                // none, most often a day no month has (FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30).
                throw new InvalidInputException("rrule", "never", neverHappens(rule, in.rrule()));
            }
            // A rule that parses but whose dates cannot be worked out (FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30: no such day)
            // would fail every call on every day it is looked at: refused now.
            throw new InvalidInputException(recurrence == Recurrence.CUSTOM ? "rrule" : "date", "rfc5545",
                    "its dates cannot be worked out from " + rule.date() + ": "
                            // The library's reason without its Java names ("...sets org.dmfs.rfc5545.recur.ByDayMonthlyExpander@7ef2fe11").
                            + String.valueOf(e.getMessage()).replaceAll("\\s*\\b[a-z]+(\\.[a-z0-9]+)+\\.[A-Z][\\w$]*(@[0-9a-f]+)?", "").strip());
        }
        if (rule.enabled()) {
            sharedDay(rule, id).ifPresent(warnings::add);
        }
        return new Checked(rule, greeting, voice, language, in.greetingMediaId(), in.routingRuleId(), warnings);
    }

    /** Why a custom rule is refused for giving no date: its UNTIL before its first date, or no date matching it at all. */
    private static String neverHappens(HolidayRule rule, String sent) {
        var parsed = HolidayRule.parseRule(rule.rrule());
        var until = parsed.getUntil();
        if (until != null && LocalDate.of(until.getYear(), until.getMonth() + 1, until.getDayOfMonth()).isBefore(rule.date())) {
            return "'" + sent.strip() + "' never happens: its UNTIL (" + LocalDate.of(until.getYear(), until.getMonth() + 1,
                    until.getDayOfMonth()) + ") is before the holiday's date " + rule.date() + "; correct the rule or the date";
        }
        return "'" + sent.strip() + "' never happens: no date from " + rule.date() + " on matches it (is there such a day? "
                + "February has no 30th, April no 31st)";
    }

    /**
     * A warning when the holiday falls in the coming year on a day (and at a time of day) another enabled holiday closes
     * too: only one holiday's greeting and rule act then, and two saved by hand were not warned of (the import skips such
     * days).
     */
    private Optional<Warning> sharedDay(HolidayRule rule, UUID id) {
        var from = today();
        var to = from.plusYears(1);
        var dates = new HashSet<>(rule.occurrences(from, to));
        if (dates.isEmpty()) {
            return Optional.empty();
        }
        for (var other : all()) {
            if (other.id().equals(id) || !other.rule().enabled() || !overlapsInTheDay(rule, other.rule())) {
                continue;
            }
            var shared = other.rule().occurrences(from, to).stream().filter(dates::contains).findFirst();
            if (shared.isPresent()) {
                return Optional.of(new Warning("date", companies.current().formats().date(shared.get()) + " is also the holiday '" + other.name()
                        + "': on a day with two holidays only one's greeting and routing act; give one of them another date"
                        + " or disable it"));
            }
        }
        return Optional.empty();
    }

    /** Whether two holidays on the same day close it at a common time (an all-day one always does). */
    private static boolean overlapsInTheDay(HolidayRule a, HolidayRule b) {
        if (a.startMinute() == null || b.startMinute() == null) {
            return true;
        }
        int aEnd = a.endMinute() <= a.startMinute() ? 1440 : a.endMinute();
        int bEnd = b.endMinute() <= b.startMinute() ? 1440 : b.endMinute();
        return a.startMinute() < bEnd && b.startMinute() < aEnd;
    }

    private static Integer minuteOf(String text, String field, boolean allow24, List<FieldProblem> problems) {
        if (text == null || text.isBlank()) {
            problems.add(new FieldProblem(field, "required", "both start and end are needed for a part-day holiday"));
            return null;
        }
        try {
            return OpenRange.minuteOfDay(text, allow24);
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem(field, "format", e.getMessage()));
            return null;
        }
    }

    private void insert(UUID id, Checked c, String source) {
        var r = c.rule();
        var now = Timestamp.from(clock.instant());
        jdbc.sql("""
                insert into company_holidays (company_id, id, name, date, recurrence, rrule, exception_dates, observe_weekend,
                  start_minute, end_minute, greeting_text, greeting_voice, greeting_language, greeting_media_id, routing_rule_id,
                  enabled, source, created_at, updated_at)
                values (:c, :id, :name, :date, :rec, :rrule, :ex, :obs, :sm, :em, :gt, :gv, :gl, :gm, :rule, :enabled, :source, :now, :now)
                """)
                .param("c", TenantContext.require().value()).param("id", id).param("name", r.name())
                .param("date", Date.valueOf(r.date())).param("rec", r.recurrence().name()).param("rrule", r.rrule())
                .param("ex", r.exceptions().stream().sorted().map(Date::valueOf).toArray(Date[]::new))
                .param("obs", r.observeWeekend()).param("sm", r.startMinute()).param("em", r.endMinute())
                .param("gt", c.greetingText()).param("gv", c.greetingVoice()).param("gl", c.greetingLanguage())
                .param("gm", c.greetingMediaId()).param("rule", c.routingRuleId()).param("enabled", r.enabled()).param("source", source).param("now", now)
                .update();
    }

    private List<Holiday> all() {
        return jdbc.sql("select * from company_holidays where company_id = :c order by date, name")
                .param("c", TenantContext.require().value()).query(Holidays::map).list();
    }

    private Saved saved(Holiday h, List<Warning> warnings) {
        return new Saved(h, h.rule().nextOn(today()).orElse(null), warnings);
    }

    private static List<LocalDate> next(HolidayRule rule, LocalDate from, int count) {
        int n = Math.max(1, Math.min(count, 50));
        var result = new ArrayList<LocalDate>();
        var cursor = from;
        for (int year = 0; year < 20 && result.size() < n; year++) {
            var window = rule.occurrences(cursor, cursor.plusYears(1).minusDays(1));
            for (var d : window) {
                if (result.size() < n) {
                    result.add(d);
                }
            }
            cursor = cursor.plusYears(1);
        }
        return result;
    }

    /**
     * The year an import is for unless another is asked: the company's current one, and from December the next (this
     * year's holidays are past by then but for Christmas; a business setting up in December wants next year's).
     */
    public int defaultImportYear() {
        var today = today();
        return today.getMonthValue() == 12 ? today.getYear() + 1 : today.getYear();
    }

    private LocalDate today() {
        return clock.instant().atZone(companies.current().timezone()).toLocalDate();
    }

    private static boolean hasRegion(de.focus_shift.jollyday.core.CalendarHierarchy hierarchy, String region) {
        if (hierarchy.getChildren().containsKey(region)) {
            return true;
        }
        return hierarchy.getChildren().values().stream().anyMatch(child -> hasRegion(child, region));
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    static Holiday map(ResultSet rs, int n) throws SQLException {
        var sm = (Integer) rs.getObject("start_minute");
        var em = (Integer) rs.getObject("end_minute");
        var rule = new HolidayRule(rs.getObject("id", UUID.class), rs.getString("name"), rs.getDate("date").toLocalDate(),
                Recurrence.valueOf(rs.getString("recurrence")), rs.getString("rrule"), dates(rs.getArray("exception_dates")),
                rs.getBoolean("observe_weekend"), sm, em, rs.getBoolean("enabled"));
        return new Holiday(rule.id(), rule, rs.getString("greeting_text"), rs.getString("greeting_voice"),
                rs.getString("greeting_language"), rs.getObject("greeting_media_id", UUID.class),
                rs.getObject("routing_rule_id", UUID.class), rs.getString("source"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }

    private static java.util.Set<LocalDate> dates(Array array) throws SQLException {
        if (array == null) {
            return java.util.Set.of();
        }
        var result = new HashSet<LocalDate>();
        Arrays.stream((Object[]) array.getArray()).forEach(o -> result.add(((Date) o).toLocalDate()));
        return result;
    }
}
